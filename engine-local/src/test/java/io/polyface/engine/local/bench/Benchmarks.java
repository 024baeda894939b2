package io.polyface.engine.local.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What the benchmarks' {@code main} methods share: reading {@code --name value} arguments, a pause,
 * and timing queries one at a time.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** The value after {@code name}, if the arguments hold it. */
    public static Optional<String> stringArg(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    public static String stringArg(String[] args, String name, String fallback) {
        return stringArg(args, name).orElse(fallback);
    }

    public static int intArg(String[] args, String name, int fallback) {
        return stringArg(args, name).map(Integer::parseInt).orElse(fallback);
    }

    /** Sleeps, turning an interrupt into a failure of the benchmark (with the flag set again). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Times queries {@code 0..queries-1} once each, one at a time, after five warm-up rounds of the
     * first {@code warmUp}; what each returned goes to {@code results}, in order.
     */
    public static <T> long[] timeEach(int queries, int warmUp, IntFunction<T> query, Consumer<T> results) {
        for (int w = 0; w < 5; w++) {
            for (int q = 0; q < Math.min(warmUp, queries); q++) {
                query.apply(q);
            }
        }
        long[] nanos = new long[queries];
        for (int q = 0; q < queries; q++) {
            long start = System.nanoTime();
            T result = query.apply(q);
            nanos[q] = System.nanoTime() - start;
            results.accept(result);
        }
        return nanos;
    }

    /** The median and the 99th percentile of the times, in milliseconds. */
    public static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms",
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6);
    }
}
