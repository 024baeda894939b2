package io.polyface.reliability;

import java.util.Locale;

/**
 * How hard a run pushes each area. {@link #CI} fits a CI job of a few minutes on two cores;
 * {@link #FULL} is the command's default.
 *
 * @param fuzzRequests requests the fuzzer sends over all operations of all dialects
 * @param floodConnections half-sent connections the flood holds open (sized down to the file limit)
 * @param slowReaderBytes the least size of the answer the slow reader reads
 * @param slowReaderBytesPerSecond the rate it reads at
 * @param kills how many times the durability run kills the gateway with SIGKILL
 * @param memoryFaces the gallery the memory load grows to (after a first step of 1,000)
 */
public record Sizing(String name, int fuzzRequests, int floodConnections, long slowReaderBytes, int slowReaderBytesPerSecond,
        int kills, int memoryFaces) {
    public static final Sizing CI = new Sizing("ci", 400, 2_000, 10L << 20, 2 << 20, 2, 10_000);
    public static final Sizing FULL = new Sizing("full", 5_000, 20_000, 12L << 20, 256 << 10, 8, 100_000);

    public Sizing {
        if (fuzzRequests < 1 || floodConnections < 1 || slowReaderBytes < 1 || slowReaderBytesPerSecond < 1 || kills < 1
                || memoryFaces < 1_000) {
            throw new IllegalArgumentException("every size must be positive");
        }
    }

    public static Sizing named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ci" -> CI;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("expected ci or full, not '" + name + "'");
        };
    }

    public Sizing withFuzzRequests(int requests) {
        return new Sizing(name, requests, floodConnections, slowReaderBytes, slowReaderBytesPerSecond, kills, memoryFaces);
    }
}
