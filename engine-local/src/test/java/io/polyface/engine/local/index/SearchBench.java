package io.polyface.engine.local.index;

import static io.polyface.engine.local.bench.Benchmarks.intArg;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Latency of exact top-k search straight against a {@link VectorIndex} of random unit vectors
 * (default 100,000 x 512, top-10), single-threaded, with p50/p99/max per query. It sits in the
 * index's package because the index is not public API.
 *
 * <pre>
 * ./mvnw -q -B -pl engine-local test-compile
 * java --add-modules jdk.incubator.vector -Xmx2g \
 *     -cp engine-local/target/test-classes:engine-local/target/classes \
 *     io.polyface.engine.local.SearchBench [--rows 100000] [--dim 512] [--k 10] [--queries 300]
 * </pre>
 */
public final class SearchBench {

    private SearchBench() {
    }

    public static void main(String[] args) {
        int rows = intArg(args, "--rows", 100_000);
        int dimension = intArg(args, "--dim", 512);
        int k = intArg(args, "--k", 10);
        int queries = intArg(args, "--queries", 300);
        Random random = new Random(7);

        long buildStart = System.nanoTime();
        VectorIndex index = new VectorIndex(dimension);
        for (int i = 0; i < rows; i++) {
            index.add("f" + i, "t" + (i / 3), VectorIndexTest.unit(dimension, random));
        }
        double buildMs = (System.nanoTime() - buildStart) / 1e6;
        System.out.printf(Locale.ROOT, "index: %,d x %d float32 (%.0f MB), built in %.0f ms; %s%n",
                rows, dimension, rows * (double) dimension * 4 / (1 << 20), buildMs,
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);

        float[][] probes = new float[queries][];
        for (int i = 0; i < queries; i++) {
            probes[i] = VectorIndexTest.unit(dimension, random);
        }
        // Warm-up: let C2 compile the scan before measuring.
        for (int i = 0; i < 50; i++) {
            index.search(probes[i % queries], k, -1, false);
        }
        for (boolean distinct : List.of(false, true)) {
            long[] nanos = new long[queries];
            int hits = 0;
            for (int i = 0; i < queries; i++) {
                long start = System.nanoTime();
                hits += index.search(probes[i], k, -1, distinct).size();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double seconds = Arrays.stream(nanos).sum() / 1e9;
            System.out.printf(Locale.ROOT,
                    "top-%d%s over %,d queries: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f queries/s, %.1f GB/s scanned (%d hits)%n",
                    k, distinct ? " distinct tags" : "", queries,
                    nanos[queries / 2] / 1e6, nanos[(int) Math.ceil(queries * 0.99) - 1] / 1e6, nanos[queries - 1] / 1e6,
                    queries / seconds, queries * rows * (double) dimension * 4 / seconds / 1e9, hits);
        }
    }
}
