package io.polyface.plugin.sensetime;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Fixed-window call counters, one per account, on this node. Every call counts, failed ones too
 * (as the document says); a call past the limit is refused but still counted, so hammering does
 * not shorten the wait. Thread-safe.
 */
final class SensetimeRateLimiter {

    /** What one call learns: whether it may run, and the three X-RateLimit header values. */
    record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private record Window(Instant start, int calls) {
    }

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts one call of {@code key} at {@code now} against {@code limit}. */
    Decision acquire(String key, SensetimeRateLimit limit, Instant now) {
        Window window = windows.compute(key, (k, current) -> {
            if (current == null || !now.isBefore(current.start().plus(limit.window())) || now.isBefore(current.start())) {
                return new Window(now, 1);
            }
            return new Window(current.start(), current.calls() == Integer.MAX_VALUE ? current.calls() : current.calls() + 1);
        });
        long leftMillis = java.time.Duration.between(now, window.start().plus(limit.window())).toMillis();
        long reset = Math.max(1, (leftMillis + 999) / 1000);
        boolean allowed = window.calls() <= limit.queries();
        return new Decision(allowed, limit.queries(), Math.max(0, limit.queries() - window.calls()), reset);
    }

    /** Drops the window of {@code key}: its next call opens a new one. */
    void forget(String key) {
        windows.remove(key);
    }
}
