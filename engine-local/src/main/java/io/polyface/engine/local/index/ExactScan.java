package io.polyface.engine.local.index;

import io.polyface.engine.local.index.kernels.VectorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact search over every row: a float32 scan, or an int8 scan of the best {@code max(8k, 64)}
 * candidates re-scored in float32 and kept only when {@link Int8Codes#bound} proves them the exact
 * answer (else the float32 rows are scanned; {@link #fallbacks()} counts how often). Large indexes
 * are scanned in contiguous row ranges on the runtime's scan pool. Callers hold the index's read lock.
 */
final class ExactScan {

    private final IndexRuntime runtime;
    private final IndexSettings settings;
    private final AtomicLong fallbacks = new AtomicLong();

    ExactScan(IndexRuntime runtime) {
        this.runtime = runtime;
        this.settings = runtime.settings();
    }

    /** Searches that the int8 bound could not certify and that scanned the float32 rows instead. */
    long fallbacks() {
        return fallbacks.get();
    }

    List<VectorIndex.Hit> float32(RowStore rows, float[] probe, int k, double minScore, boolean distinct, int threads) {
        return scanFloat(rows, probe, k, minScore, distinct, threads).drainBestFirst(rows.ids(), rows.tags());
    }

    List<VectorIndex.Hit> int8Rescored(RowStore rows, Int8Codes codes, float[] probe, int k, double minScore,
            boolean distinct, int threads) {
        float bound = codes.bound(probe);
        int wanted = Math.max(8 * k, 64);
        TopK candidates = scanInt8(rows.size(), codes, probe, wanted, (float) (minScore - bound), threads);
        TopK top = new TopK(k, distinct);
        float[] matrix = rows.matrix();
        String[] tags = rows.tags();
        int dimension = rows.dimension();
        for (int i = 0; i < candidates.count(); i++) {
            int row = candidates.row(i);
            float score = VectorKernels.dot(matrix, row * dimension, probe, dimension);
            if (score >= minScore) {
                top.offer(row, score, tags[row]);
            }
        }
        // Every row left out scored at most this in int8, hence at most this plus the bound in float32.
        float outsideBest = candidates.count() < wanted ? Float.NEGATIVE_INFINITY : candidates.weakest() + bound;
        boolean certain = outsideBest < minScore || (top.full() && top.weakest() >= outsideBest);
        if (certain) {
            return top.drainBestFirst(rows.ids(), tags);
        }
        fallbacks.incrementAndGet();
        return float32(rows, probe, k, minScore, distinct, threads);
    }

    /** The int8 scan's top k without re-scoring: only for measuring how much it alone would miss. */
    List<VectorIndex.Hit> int8Unrescored(RowStore rows, Int8Codes codes, float[] probe, int k) {
        return scanInt8(rows.size(), codes, probe, k, Float.NEGATIVE_INFINITY, 1).drainBestFirst(rows.ids(), rows.tags());
    }

    private TopK scanFloat(RowStore rows, float[] probe, int k, double minScore, boolean distinct, int threads) {
        float floor = (float) minScore;
        float[] m = rows.matrix();
        String[] t = rows.tags();
        return parallel(rows.size(), k, distinct, threads, (from, to, top) -> scanFloatRange(m, t, probe, floor, from, to, top));
    }

    /** The hot loop, a plain static method so that it compiles on its own, not inside a lambda. */
    private static void scanFloatRange(float[] m, String[] t, float[] probe, float floor, int from, int to, TopK top) {
        int dim = probe.length;
        for (int row = from; row < to; row++) {
            float score = VectorKernels.dot(m, row * dim, probe, dim);
            if (score >= floor) {
                top.offer(row, score, t[row]);
            }
        }
    }

    private TopK scanInt8(int size, Int8Codes codes, float[] probe, int k, float floor, int threads) {
        byte[][] c = codes.codes();
        float[] scales = codes.scales();
        return parallel(size, k, false, threads, (from, to, top) -> scanInt8Range(c, scales, probe, floor, from, to, top));
    }

    private static void scanInt8Range(byte[][] c, float[] scales, float[] probe, float floor, int from, int to, TopK top) {
        int dim = probe.length;
        for (int row = from; row < to; row++) {
            float score = VectorKernels.dotInt8(c[row], probe, dim) * scales[row];
            if (score >= floor) {
                top.offer(row, score, null);
            }
        }
    }

    @FunctionalInterface
    private interface RangeScan {
        void scan(int from, int to, TopK top);
    }

    /**
     * Runs a scan over all rows: in one piece on the calling thread, or, for large indexes, in
     * contiguous ranges of which the caller takes the first and the scan pool the rest, merging the
     * per-range heaps (each range's top k holds every global top-k row of that range, so the merge
     * is exact, in distinct-tag mode too).
     */
    private TopK parallel(int n, int k, boolean distinct, int threads, RangeScan scan) {
        int pieces = Math.min(Math.min(threads, settings.searchThreads()), Math.max(1, n / settings.parallelScanRows()));
        Optional<ExecutorService> pool = runtime.scanPool();
        if (pieces <= 1 || pool.isEmpty()) {
            TopK top = new TopK(k, distinct);
            scan.scan(0, n, top);
            return top;
        }
        List<Future<TopK>> others = new ArrayList<>();
        int step = (n + pieces - 1) / pieces;
        try {
            for (int p = 1; p < pieces; p++) {
                int from = p * step;
                int to = Math.min(n, from + step);
                others.add(pool.get().submit(() -> {
                    TopK part = new TopK(k, distinct);
                    scan.scan(from, to, part);
                    return part;
                }));
            }
        } catch (RejectedExecutionException e) {
            // The engine is closing: finish on this thread.
            others.forEach(f -> f.cancel(false));
            TopK top = new TopK(k, distinct);
            scan.scan(0, n, top);
            return top;
        }
        TopK top = new TopK(k, distinct);
        scan.scan(0, Math.min(n, step), top);
        for (Future<TopK> other : others) {
            top.offerAll(join(other));
        }
        return top;
    }

    private static TopK join(Future<TopK> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The scan holds the read lock for rows the task is reading: wait it out.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
