package io.polyface.engine.local.store;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.index.IndexSettings;
import io.polyface.spi.engine.EngineContext;
import java.time.Duration;

/**
 * How the engine keeps other nodes' indexes in step (see {@link ChangeLog}). Every node on one
 * database must use the same values.
 *
 * <ul>
 *   <li>{@code change-log.retain}: changes kept per collection (default 100,000). A node further
 *       behind than this reloads the collection. {@code 0} writes no log: a node then reloads a
 *       collection in full on its first search after another node's write (the behaviour before
 *       the log, kept for comparison).
 *   <li>{@code change-log.grace-seconds}: how long a write may stay half-done (announced but not
 *       published) before another node takes its writer for dead and makes every node reload the
 *       collection (default 30: far above any one write, each of whose steps the socket timeout
 *       bounds).
 * </ul>
 */
public record ChangeLogSettings(int retain, Duration grace) {

    static final int DEFAULT_RETAIN = 100_000;
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public ChangeLogSettings {
        requireNonNull(grace, "grace is null");
        if (retain < 0) {
            throw new IllegalArgumentException("change-log.retain must not be negative (0 turns the log off): " + retain);
        }
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("change-log.grace-seconds must be positive: " + grace.toMillis() / 1000.0);
        }
    }

    public static ChangeLogSettings defaults() {
        return new ChangeLogSettings(DEFAULT_RETAIN, DEFAULT_GRACE);
    }

    public static ChangeLogSettings from(EngineContext context) {
        return new ChangeLogSettings(
                IndexSettings.integer(context, "change-log.retain").orElse(DEFAULT_RETAIN),
                IndexSettings.number(context, "change-log.grace-seconds")
                        .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
                        .orElse(DEFAULT_GRACE));
    }

    /** Whether writes are logged and other nodes catch up from the log. */
    boolean enabled() {
        return retain > 0;
    }
}
