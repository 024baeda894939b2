package io.polyface.engine.local.index;

import static io.polyface.engine.local.bench.Benchmarks.intArg;
import static io.polyface.engine.local.bench.Benchmarks.percentiles;
import static io.polyface.engine.local.bench.Benchmarks.sleep;
import static io.polyface.engine.local.bench.Benchmarks.timeEach;

import io.polyface.engine.local.index.VectorIndex.Hit;
import io.polyface.engine.local.index.VectorIndex.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Search at scale, run by {@code ./polyface bench search-1m}: exact top-10 over N x 512 (default
 * 1,000,000) on 1 and 2 threads, float32 and int8-then-float32, then an HNSW graph over the first
 * {@code --hnsw-rows} vectors (default 200,000): build time, memory, latency and recall@10 against
 * exact for several search widths. The data and queries follow {@code faiss_flat.py}: random unit
 * vectors, and queries that are stored vectors plus 5% noise (a second photo of an enrolled face).
 */
public final class SearchScaleBench {

    private SearchScaleBench() {
    }

    public static void main(String[] args) {
        int rows = intArg(args, "--rows", 1_000_000);
        int hnswRows = intArg(args, "--hnsw-rows", 200_000);
        int queries = intArg(args, "--queries", 100);
        int dimension = 512;
        int k = 10;

        long t0 = System.nanoTime();
        float[][] data = new float[rows][];
        IntStream.range(0, rows).parallel().forEach(i -> data[i] = unit(dimension, new SplittableRandom(i * 0x9E3779B97F4A7C15L)));
        SplittableRandom random = new SplittableRandom(42);
        float[][] probes = probes(data, rows, queries, random);
        System.out.printf(Locale.ROOT, "data: %,d x %d random unit vectors, generated in %.1f s; %s%n",
                rows, dimension, (System.nanoTime() - t0) / 1e9, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);

        IndexSettings exact = IndexSettings.defaults().withHnsw(0, 1).withInt8Scan(true, 1).withSearchThreads(2);
        try (IndexRuntime runtime = new IndexRuntime(exact)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            long load = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                index.add("f" + i, "t" + i, data[i]);
            }
            System.out.printf(Locale.ROOT, "exact index: loaded in %.1f s (float32 %,d MB + int8 %,d MB)%n",
                    (System.nanoTime() - load) / 1e9, (long) rows * dimension * 4 >> 20, (long) rows * dimension >> 20);
            List<List<Hit>> reference = IntStream.range(0, queries)
                    .mapToObj(q -> index.search(probes[q], k, -1, false, Optional.of(Path.FLOAT32), 1)).toList();
            for (Path path : List.of(Path.FLOAT32, Path.INT8_RESCORED)) {
                for (int threads : new int[] {1, 2}) {
                    long[] nanos = timeEach(queries, 10,
                            q -> index.search(probes[q], k, -1, false, Optional.of(path), threads), hits -> { });
                    long fallbacksBefore = index.fallbacks();
                    int[] same = new int[1];
                    for (int q = 0; q < queries; q++) {
                        same[0] += ids(index.search(probes[q], k, -1, false, Optional.of(path), threads))
                                .equals(ids(reference.get(q))) ? 1 : 0;
                    }
                    System.out.printf(Locale.ROOT, "exact top-%d %-14s %d thread%s: %s, %.1f GB/s; top-10 identical to float32 in %d/%d%s%n",
                            k, path == Path.FLOAT32 ? "float32" : "int8+rescore", threads, threads == 1 ? " " : "s",
                            summary(nanos), gbPerSecond(nanos, rows, dimension, path), same[0], queries,
                            path == Path.INT8_RESCORED ? ", float32 fallbacks " + (index.fallbacks() - fallbacksBefore) : "");
                }
            }
            double overlap = 0;
            for (int q = 0; q < queries; q++) {
                Set<String> expected = new HashSet<>(ids(reference.get(q)));
                overlap += index.searchInt8Unrescored(probes[q], k).stream().filter(h -> expected.contains(h.faceId())).count();
            }
            System.out.printf(Locale.ROOT, "int8 alone (no re-scoring): top-10 overlap with float32 %.3f%n", overlap / (queries * k));
        }

        // HNSW over the first hnswRows vectors; the queries' source rows are among them.
        int n = Math.min(hnswRows, rows);
        if (n < queries) {
            return;
        }
        float[][] hnswProbes = probes(data, n, queries, random);
        IndexSettings graphSettings = IndexSettings.defaults().withInt8Scan(false, 1).withHnsw(n, 500);
        try (IndexRuntime runtime = new IndexRuntime(graphSettings)) {
            VectorIndex index = new VectorIndex(dimension, runtime);
            for (int i = 0; i < n; i++) {
                index.add("f" + i, "t" + i, data[i]);
            }
            long start = System.nanoTime();
            while (!index.graphReady() || index.graphBacklog() > 0) {
                sleep(50);
            }
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "hnsw (jvector, M=%d, beam %d, %d threads): %,d x %d built in %.1f s (%.0f vectors/s); memory: graph %,d MB + float32 vectors %,d MB%n",
                    graphSettings.hnswM(), graphSettings.hnswBeamWidth(), graphSettings.hnswBuildThreads(), n, dimension,
                    buildSeconds, n / buildSeconds, index.graphBytes() >> 20, (long) n * dimension * 4 >> 20);
            List<Set<String>> expected = IntStream.range(0, queries)
                    .mapToObj(q -> (Set<String>) new HashSet<>(ids(index.search(hnswProbes[q], k, -1, false, Optional.of(Path.FLOAT32), 1)))).toList();
            for (int ef : new int[] {32, 64, 128, 256, 500}) {
                double[] found = new double[1];
                long[] nanos = timeEach(queries, 10, q -> index.searchGraph(hnswProbes[q], k, ef), hits -> { });
                for (int q = 0; q < queries; q++) {
                    Set<String> truth = expected.get(q);
                    found[0] += index.searchGraph(hnswProbes[q], k, ef).stream().filter(h -> truth.contains(h.faceId())).count();
                }
                System.out.printf(Locale.ROOT, "hnsw ef-search=%d: %s, recall@10 %.3f%n", ef, summary(nanos), found[0] / (queries * k));
            }
        }
    }

    /** Queries that are stored vectors, spread evenly over the first {@code rows}, plus 5% noise. */
    private static float[][] probes(float[][] data, int rows, int queries, SplittableRandom random) {
        float[][] probes = new float[queries][];
        for (int q = 0; q < queries; q++) {
            float[] source = data[q * (rows / queries)];
            float[] noise = unit(source.length, random);
            float[] p = source.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] += 0.05f * noise[i];
            }
            probes[q] = p;
        }
        return probes;
    }

    /** The percentiles and the mean of the times, in milliseconds. */
    private static String summary(long[] nanos) {
        return percentiles(nanos) + String.format(Locale.ROOT, ", mean %.2f ms", Arrays.stream(nanos).average().orElse(0) / 1e6);
    }

    private static double gbPerSecond(long[] nanos, int rows, int dimension, Path path) {
        double mean = Arrays.stream(nanos).average().orElse(1) / 1e9;
        return rows * (double) dimension * (path == Path.FLOAT32 ? 4 : 1) / mean / 1e9;
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::faceId).toList();
    }

    public static float[] unit(int dimension, SplittableRandom random) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            // Sum of uniforms: near-Gaussian and much cheaper than nextGaussian for a million rows.
            v[i] = (float) (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5);
        }
        return UnitVectors.normalised(v);
    }
}
