package io.polyface.spi.connector;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

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

    /**
     * Reads the common rate-limit headers of an answer and reports them: {@code X-RateLimit-Remaining}
     * with {@code X-RateLimit-Reset} (seconds until the reset, or an epoch second when larger than a
     * day), and {@code Retry-After} in seconds on a 429.
     *
     * @param header a header's value by case-insensitive name
     * @param nowEpochSecond the current time, to read epoch-second resets
     */
    default void observeHeaders(int status, Function<String, Optional<String>> header, long nowEpochSecond) {
        OptionalLong remaining = number(header, "x-ratelimit-remaining");
        OptionalLong reset = number(header, "x-ratelimit-reset");
        if (remaining.isPresent()) {
            Optional<Duration> resetsIn = Optional.empty();
            if (reset.isPresent()) {
                long value = reset.getAsLong();
                long seconds = value > 86_400 ? Math.max(0, value - nowEpochSecond) : value;
                resetsIn = Optional.of(Duration.ofSeconds(seconds));
            }
            rateLimit(remaining, resetsIn);
        }
        if (status == 429) {
            OptionalLong after = number(header, "retry-after");
            retryAfter(Duration.ofSeconds(after.orElse(1)));
        }
    }

    private static OptionalLong number(Function<String, Optional<String>> header, String name) {
        Optional<String> value = header.apply(name).or(() -> header.apply(name.toUpperCase(Locale.ROOT)));
        try {
            return value.map(String::strip).map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
