package io.polyface.engine.remote;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.BackendSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds calls back while the backend has said it takes no more: its window is used up
 * ({@code X-RateLimit-Remaining: 0} until {@code X-RateLimit-Reset}) or it answered 429 with
 * {@code Retry-After}. A call waits if the pause ends within the allowed wait, else fails at once
 * with {@link FaceException.RateLimited} without reaching the backend.
 *
 * <p>Thread-safe.
 */
final class BackendRateGate implements BackendSignals {
    private final Clock clock;
    private final Duration maxWait;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);

    BackendRateGate(Clock clock, Duration maxWait) {
        this.clock = clock;
        this.maxWait = maxWait;
    }

    @Override
    public void rateLimit(OptionalLong remaining, Optional<Duration> resetsIn) {
        if (remaining.isPresent() && remaining.getAsLong() <= 0) {
            pauseFor(resetsIn.orElse(Duration.ofSeconds(1)));
        }
    }

    @Override
    public void retryAfter(Duration wait) {
        pauseFor(wait);
    }

    private void pauseFor(Duration wait) {
        Instant until = clock.instant().plus(wait);
        pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** How long the backend still asked us to wait; zero when it takes calls. */
    Duration pause() {
        Duration left = Duration.between(clock.instant(), pausedUntil.get());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Waits out a short pause, or refuses the call.
     *
     * @throws Paused if the backend's pause lasts longer than the allowed wait
     */
    void await(String engine) {
        Duration left = pause();
        if (left.isZero()) {
            return;
        }
        if (left.compareTo(maxWait) > 0) {
            throw new Paused(engine + ": the backend asked for a pause of " + Math.max(1, left.toSeconds())
                    + " s; the call was not sent");
        }
        try {
            Thread.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Paused(engine + ": interrupted while waiting for the backend's rate limit");
        }
    }

    /** A call held back by the backend's pause; the remote engine reports it as {@link FaceException.RateLimited}. */
    static final class Paused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Paused(String message) {
            super(message, null, false, false);
        }
    }
}
