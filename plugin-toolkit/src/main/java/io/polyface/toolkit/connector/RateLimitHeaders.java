package io.polyface.toolkit.connector;

import io.polyface.spi.connector.BackendSignals;
import io.polyface.spi.connector.ConnectorContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads the common rate-limit headers of a backend's answer and reports them to {@link
 * BackendSignals}: {@code X-RateLimit-Remaining} with {@code X-RateLimit-Reset} (seconds until the
 * reset, or an epoch second when larger than a day), and {@code Retry-After} in seconds on a 429.
 */
public final class RateLimitHeaders {
    private static final long ONE_DAY_SECONDS = 86_400;

    private RateLimitHeaders() {
    }

    /** Reports what an HTTP answer's headers say, at the context's clock. */
    public static void report(ConnectorContext context, HttpResponse<?> response) {
        report(context.signals(), response.statusCode(), response.headers()::firstValue,
                context.clock().instant().getEpochSecond());
    }

    /**
     * @param header a header's value by case-insensitive name
     * @param nowEpochSecond the current time, to read epoch-second resets
     */
    public static void report(BackendSignals signals, int status, Function<String, Optional<String>> header, long nowEpochSecond) {
        OptionalLong remaining = number(header, "x-ratelimit-remaining");
        OptionalLong reset = number(header, "x-ratelimit-reset");
        if (remaining.isPresent()) {
            Optional<Duration> resetsIn = Optional.empty();
            if (reset.isPresent()) {
                long value = reset.getAsLong();
                long seconds = value > ONE_DAY_SECONDS ? Math.max(0, value - nowEpochSecond) : value;
                resetsIn = Optional.of(Duration.ofSeconds(seconds));
            }
            signals.rateLimit(remaining, resetsIn);
        }
        if (status == 429) {
            OptionalLong after = number(header, "retry-after");
            signals.retryAfter(Duration.ofSeconds(after.orElse(1)));
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
