package io.polyface.spi.connector;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a backend says about its own limits, reported by a connector after each answer so that the
 * remote engine's rate limiter can slow down before the backend refuses calls.
 */
public interface BackendSignals {

    /**
     * @param remaining calls left in the backend's current window
     * @param resetsIn how long until the window starts again
     */
    void rateLimit(OptionalLong remaining, Optional<Duration> resetsIn);

    /** The backend refused a call for its rate and asked to wait this long (HTTP 429 {@code Retry-After}). */
    void retryAfter(Duration wait);

    /** Signals nobody listens to. */
    static BackendSignals ignored() {
        return new BackendSignals() {
            @Override
            public void rateLimit(OptionalLong remaining, Optional<Duration> resetsIn) {
            }

            @Override
            public void retryAfter(Duration wait) {
            }
        };
    }
}
