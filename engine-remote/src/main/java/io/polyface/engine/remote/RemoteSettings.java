package io.polyface.engine.remote;

import io.polyface.spi.engine.EngineContext;
import io.polyface.toolkit.settings.Setting;
import io.polyface.toolkit.settings.Settings;
import java.time.Duration;

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
        @Setting(key = "timeout", defaultValue = "10s") Duration timeout,
        @Setting(key = "breaker.failure-rate", defaultValue = "50") float breakerFailureRate,
        @Setting(key = "breaker.window", defaultValue = "20") int breakerWindow,
        @Setting(key = "breaker.minimum-calls", defaultValue = "10") int breakerMinimumCalls,
        @Setting(key = "breaker.open-for", defaultValue = "10s") Duration breakerOpenFor,
        @Setting(key = "breaker.half-open-calls", defaultValue = "3") int breakerHalfOpenCalls,
        @Setting(key = "retry.max-attempts", defaultValue = "3") int retryAttempts,
        @Setting(key = "retry.backoff", defaultValue = "200ms") Duration retryBackoff,
        @Setting(key = "bulkhead.max-concurrent", defaultValue = "64") int maxConcurrent,
        @Setting(key = "bulkhead.max-wait", defaultValue = "0s") Duration bulkheadWait,
        @Setting(key = "rate-limit.per-second", defaultValue = "1000") int ratePerSecond,
        @Setting(key = "rate-limit.max-wait", defaultValue = "2s") Duration rateWait) {

    static RemoteSettings of(EngineContext context) {
        return Settings.bind(context, RemoteSettings.class);
    }

    RemoteSettings {
        if (breakerFailureRate <= 0 || breakerFailureRate > 100 || breakerWindow < 1 || breakerMinimumCalls < 1
                || breakerHalfOpenCalls < 1 || retryAttempts < 1 || maxConcurrent < 1 || ratePerSecond < 1) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "remote engine settings out of range:"
                    + " breaker.failure-rate %s (0 to 100), breaker.window %d, breaker.minimum-calls %d,"
                    + " breaker.half-open-calls %d, retry.max-attempts %d, bulkhead.max-concurrent %d and"
                    + " rate-limit.per-second %d (each at least 1)", breakerFailureRate, breakerWindow, breakerMinimumCalls,
                    breakerHalfOpenCalls, retryAttempts, maxConcurrent, ratePerSecond));
        }
    }
}
