package io.polyface.engine.local.index.hnsw;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * One HNSW graph over an index's rows. Ordinals, the row each maps to, and the vectors grow under
 * the index's write lock; insertion into the graph happens on the graph pool, in ordinal order
 * after the first bulk, with {@link #indexed} telling searches how far it got.
 *
 * <p>The graph lives in a {@link GraphSpace} fitted when its build starts. The build fits it on
 * a sample of the rows and projects the rows in batches, each under the read lock (searches go
 * on, writes wait for one batch); the batch that reaches the last ordinal hands over, and from
 * then on {@link #append} projects each new row as it comes. No full-size copy is kept.
 */
final class HnswGraph {
    private static final int INITIAL_ROWS = 64;
    private static final System.Logger LOG = System.getLogger(HnswGraph.class.getName());
    /** Rows projected per hold of the read lock. */
    private static final int PROJECTION_BATCH = 8192;
    /**
     * Graph candidates re-scored on the full vectors per wanted hit: the best of the walk's
     * candidates in the graph's space, since the projection reorders only near-ties.
     */
    private static final int RESCORED_PER_HIT = 4;
    private static final VectorTypeSupport VTS = vectorTypeSupport();

    private final GraphRows rows;
    private final GraphRuntime runtime;
    private final GraphSettings settings;
    // Written under the read lock by the build, once; read under either lock.
    private volatile GraphSpace space;
    private volatile GraphShards shards;
    private final AtomicBoolean catchUpScheduled = new AtomicBoolean();
    private final ReentrantLock inserting = new ReentrantLock();
    // Guarded by the index's lock.
    private int[] rowOfOrdinal;
    /** One bit per ordinal, set once its face is deleted (rowOfOrdinal says -1 too). */
    private long[] deadBits;
    /** The ordinal of each row, -1 for none. */
    private int[] ordinalOfRow;
    int nextOrdinal;
    int dead;
    // Written by the graph pool, read by searches.
    volatile int indexed;
    volatile boolean ready;
    volatile boolean cancelled;
    volatile long lastSealMillis;

    /** A graph of no nodes yet; the caller holds the index's write lock. */
    HnswGraph(GraphRows rows, GraphRuntime runtime) {
        this.rows = rows;
        this.runtime = runtime;
        this.settings = runtime.settings();
        int capacity = Math.max(INITIAL_ROWS, rows.size());
        rowOfOrdinal = new int[capacity];
        deadBits = new long[(capacity + 63) / 64];
        ordinalOfRow = new int[capacity];
        Arrays.fill(ordinalOfRow, -1);
    }

    /** Gives row {@code r} the next ordinal; the caller holds the write lock. */
    void append(int r) {
        int ordinal = nextOrdinal++;
        if (ordinal == rowOfOrdinal.length) {
            rowOfOrdinal = Arrays.copyOf(rowOfOrdinal, rowOfOrdinal.length * 2);
            deadBits = Arrays.copyOf(deadBits, (rowOfOrdinal.length + 63) / 64);
        }
        rowOfOrdinal[ordinal] = r;
        if (r >= ordinalOfRow.length) {
            int old = ordinalOfRow.length;
            ordinalOfRow = Arrays.copyOf(ordinalOfRow, Math.max(r + 1, old * 2));
            Arrays.fill(ordinalOfRow, old, ordinalOfRow.length, -1);
        }
        ordinalOfRow[r] = ordinal;
        if (space == null) {
            // The build has not handed over yet: it projects this ordinal itself.
            return;
        }
        shards.append(space.project(rows.matrix(), r * rows.dimension()));
        if (ready) {
            scheduleCatchUp();
        }
    }

    /**
     * Row {@code row} lost its face and row {@code last}, the last, moved into it (unless they are
     * one); the caller holds the write lock.
     */
    void removed(int row, int last) {
        kill(row);
        if (row != last) {
            moved(last, row);
        }
        if (last < ordinalOfRow.length) {
            ordinalOfRow[last] = -1;
        }
    }

    /** Unmaps the ordinal of row {@code r}; the caller holds the write lock. */
    private void kill(int r) {
        int ordinal = ordinalOfRow[r];
        if (ordinal >= 0) {
            rowOfOrdinal[ordinal] = -1;
            deadBits[ordinal >>> 6] |= 1L << ordinal;
            dead++;
        }
    }

    /** Row {@code to} now holds what row {@code from} held; the caller holds the write lock. */
    private void moved(int from, int to) {
        int ordinal = ordinalOfRow[from];
        ordinalOfRow[to] = ordinal;
        if (ordinal >= 0) {
            rowOfOrdinal[ordinal] = to;
        }
    }

    /** The shards, null until the build has handed over. */
    GraphShards shards() {
        return shards;
    }

    /** The space, null until the build has fitted it. */
    GraphSpace space() {
        return space;
    }

    /** Bytes of the graph's adjacency and its vectors. */
    long bytes() {
        GraphShards s = shards;
        return s == null ? 0 : s.bytes();
    }

    /** The first build: fit the space, project, then insert everything added so far and meanwhile. */
    void build() {
        long start = System.nanoTime();
        try {
            enterSpace();
            if (cancelled) {
                return;
            }
            long projected = System.nanoTime();
            insertBacklog();
            if (cancelled) {
                return;
            }
            ready = true;
            LOG.log(Level.INFO, "HNSW graph of {0} faces in {1} shards built in {2} ms ({3}, fitted and projected in {4} ms,"
                            + " sealed in {5} ms)", indexed, shards.shards(), (System.nanoTime() - start) / 1_000_000, space,
                    (projected - start) / 1_000_000, lastSealMillis);
            if (shards.size() > indexed) {
                scheduleCatchUp();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "HNSW graph build failed, exact search keeps serving: " + e.getMessage(), e);
        }
    }

    /** Fits the space on a sample of the rows and projects every ordinal into it, batch by batch. */
    private void enterSpace() {
        int dimension = rows.dimension();
        float[] sample;
        rows.readLock().lock();
        try {
            int size = rows.size();
            float[] matrix = rows.matrix();
            int n = Math.min(size, GraphSpace.SAMPLE_ROWS);
            sample = new float[n * dimension];
            for (int s = 0; s < n; s++) {
                System.arraycopy(matrix, (int) ((long) s * size / n) * dimension, sample, s * dimension, dimension);
            }
        } finally {
            rows.readLock().unlock();
        }
        GraphSpace fitted = GraphSpace.fit(sample, sample.length / dimension, dimension, settings.hnswVarianceKept());
        float[] projectedSample = new float[sample.length / dimension * fitted.dimension()];
        for (int r = 0; r < sample.length / dimension; r++) {
            System.arraycopy(fitted.project(sample, r * dimension), 0, projectedSample, r * fitted.dimension(),
                    fitted.dimension());
        }
        GraphShards v = new GraphShards(settings.hnswShards(), fitted.dimension(),
                GraphVectors.scaleFor(projectedSample), settings.hnswM(), settings.hnswBeamWidth(), VTS);
        float[] deleted = new float[fitted.dimension()];
        while (!cancelled) {
            rows.readLock().lock();
            try {
                float[] matrix = rows.matrix();
                int from = v.size();
                int to = Math.min(nextOrdinal, from + PROJECTION_BATCH);
                float[][] batch = new float[to - from][];
                // The rows stay put while this thread holds the read lock, and so for its helpers.
                IntStream.range(from, to).parallel().forEach(ordinal -> {
                    int row = rowOfOrdinal[ordinal];
                    // A face deleted before its projection stays a node, never returned.
                    batch[ordinal - from] = row < 0 ? deleted : fitted.project(matrix, row * dimension);
                });
                for (float[] projected : batch) {
                    v.append(projected);
                }
                if (to == nextOrdinal) {
                    // Appends take the write lock, so none slips between this batch and the hand-over.
                    shards = v;
                    space = fitted;
                    break;
                }
            } finally {
                rows.readLock().unlock();
            }
        }
        if (cancelled) {
            return;
        }
    }

    private void scheduleCatchUp() {
        if (catchUpScheduled.compareAndSet(false, true)) {
            try {
                runtime.graphPool().orElseThrow().execute(this::catchUp);
            } catch (RejectedExecutionException e) {
                catchUpScheduled.set(false);
            }
        }
    }

    private void catchUp() {
        catchUpScheduled.set(false);
        try {
            insertBacklog();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "HNSW graph update failed, its new faces stay searched exactly: " + e.getMessage(), e);
            return;
        }
        // Another task may have given up on the lock while this one was finishing.
        if (!cancelled && shards.size() > indexed) {
            scheduleCatchUp();
        }
    }

    /**
     * Inserts the ordinals not in the graph yet, in batches (in parallel on the graph pool when
     * large), raising {@link #indexed} only when a whole batch is in, so it stays a watermark.
     * One inserter at a time: a task that finds the lock taken leaves the work to its holder.
     * Seals a new copy for searches when the first build is in, then every {@value GraphLifecycle#SEAL_EVERY}
     * faces; the holder of the lock seals, so nothing inserts meanwhile.
     */
    private void insertBacklog() {
        if (!inserting.tryLock()) {
            return;
        }
        try {
            GraphShards v = shards;
            while (!cancelled) {
                int from = indexed;
                int to = v.size();
                if (from >= to) {
                    break;
                }
                if (to - from >= 64) {
                    IntStream.range(from, to).parallel().forEach(ordinal -> {
                        if (!cancelled) {
                            v.insert(ordinal);
                        }
                    });
                } else {
                    for (int ordinal = from; ordinal < to && !cancelled; ordinal++) {
                        v.insert(ordinal);
                    }
                }
                indexed = to;
            }
            if (!cancelled && (!ready || indexed - v.sealedOrdinals() >= GraphLifecycle.SEAL_EVERY)) {
                long start = System.nanoTime();
                v.seal(indexed);
                lastSealMillis = (System.nanoTime() - start) / 1_000_000;
                LOG.log(Level.DEBUG, "sealed a graph of {0} nodes in {1} ms", indexed, lastSealMillis);
            }
        } finally {
            inserting.unlock();
        }
    }

    /**
     * Hands {@code row} the rows to re-score for a probe: the best {@value #RESCORED_PER_HIT}
     * candidates per wanted hit of a walk in the graph's space with a beam of {@code max(want,
     * efSearch)}, then every face added since the walked copies were sealed. Deleted faces are
     * never handed out. With {@code jvectorSearcher} the walk is jvector's own (for benchmarks).
     * The caller holds the index's read lock and the graph is ready.
     */
    void candidates(float[] probe, int want, int efSearch, boolean jvectorSearcher, IntConsumer row) {
        int beam = Math.max(want, efSearch);
        int rescored = Math.min(beam, want * RESCORED_PER_HIT);
        long[] dead = deadBits;
        // A bit set small enough to stay in cache: every node the walk would return is checked.
        IntPredicate live = ordinal -> (dead[ordinal >>> 6] & (1L << ordinal)) == 0;
        float[] query = space.project(probe);
        GraphShards.Candidates candidates;
        if (jvectorSearcher) {
            int walked = indexed;
            candidates = new GraphShards.Candidates(
                    shards.searchByJvector(query, rescored, beam, live.and(ordinal -> ordinal < walked)), walked);
        } else {
            candidates = shards.search(query, rescored, beam, live, runtime.scanPool());
        }
        for (int ordinal : candidates.ordinals()) {
            offer(ordinal, row);
        }
        for (int ordinal = candidates.walked(); ordinal < nextOrdinal; ordinal++) {
            offer(ordinal, row);
        }
    }

    private void offer(int ordinal, IntConsumer row) {
        int r = rowOfOrdinal[ordinal];
        if (r >= 0) {
            row.accept(r);
        }
    }

    /**
     * jvector's vector types: its pure-Java Vector API provider unless the operator chose one (the
     * faster here over heap {@code float[]} vectors, see docs/benchmarks.md).
     */
    private static VectorTypeSupport vectorTypeSupport() {
        if (System.getProperty("jvector.vectorization_provider") == null) {
            System.setProperty("jvector.vectorization_provider", "panama");
        }
        return VectorizationProvider.getInstance().getVectorTypeSupport();
    }
}
