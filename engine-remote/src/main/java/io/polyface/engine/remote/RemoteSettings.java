package io.polyface.engine.remote;

import io.polyface.spi.engine.EngineContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A remote engine's resilience settings, from its configuration (README, "Remote engines").
 *
 * @param timeout the most one attempt may take
 * @param breakerFailureRate percent of failed calls in the window that opens the breaker
 * @param breakerWindow calls in the sliding window
 * @param breakerMinimumCalls calls before the failure rate is judged
 * @param breakerOpenFor how long the breaker stays open before letting trial calls through
 * @param breakerHalfOpenCalls trial calls in the half-open state
 * @param retryAttempts attempts in all for an idempotent call (1 = no retry)
 * @param retryBackoff wait before the first retry, doubled for each further one
 * @param maxConcurrent calls in flight at once (the bulkhead)
 * @param bulkheadWait how long a call waits for a free slot
 * @param ratePerSecond calls per second this side sends at most
 * @param rateWait how long a call may wait for the rate limit (ours or the backend's) before failing
 */
record RemoteSettings(
        Duration timeout,
        float breakerFailureRate,
        int breakerWindow,
        int breakerMinimumCalls,
        Duration breakerOpenFor,
        int breakerHalfOpenCalls,
        int retryAttempts,
        Duration retryBackoff,
        int maxConcurrent,
        Duration bulkheadWait,
        int ratePerSecond,
        Duration rateWait) {

    static RemoteSettings of(EngineContext context) {
        return new RemoteSettings(
                duration(context, "timeout", "10s"),
                (float) number(context, "breaker.failure-rate", 50),
                (int) number(context, "breaker.window", 20),
                (int) number(context, "breaker.minimum-calls", 10),
                duration(context, "breaker.open-for", "10s"),
                (int) number(context, "breaker.half-open-calls", 3),
                (int) number(context, "retry.max-attempts", 3),
                duration(context, "retry.backoff", "200ms"),
                (int) number(context, "bulkhead.max-concurrent", 64),
                duration(context, "bulkhead.max-wait", "0s"),
                (int) number(context, "rate-limit.per-second", 1000),
                duration(context, "rate-limit.max-wait", "2s"));
    }

    RemoteSettings {
        if (breakerFailureRate <= 0 || breakerFailureRate > 100 || breakerWindow < 1 || breakerMinimumCalls < 1
                || breakerHalfOpenCalls < 1 || retryAttempts < 1 || maxConcurrent < 1 || ratePerSecond < 1) {
            throw new IllegalArgumentException("remote engine settings out of range: " + this);
        }
    }

    private static double number(EngineContext context, String key, double fallback) {
        String value = context.setting(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("engines." + context.name() + "." + key + " must be a number, not '" + value + "'");
        }
    }

    /** "250ms", "10s", "2m" or an ISO-8601 duration ("PT10S"). */
    static Duration duration(EngineContext context, String key, String fallback) {
        String value = context.setting(key).orElse(fallback).strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
            }
            return Duration.ofMillis(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("engines." + context.name() + "." + key
                    + " must be a duration such as 250ms, 10s or 2m, not '" + value + "'");
        }
    }
}
