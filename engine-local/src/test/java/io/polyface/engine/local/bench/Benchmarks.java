package io.polyface.engine.local.bench;

import java.util.Optional;

/** What the benchmarks' {@code main} methods share: reading {@code --name value} arguments, and a pause. */
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
}
