package io.polyface.engine.remote;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * Any connector behind Resilience4j. Per call, from the outside in: retry (idempotent calls only,
 * exponential backoff), circuit breaker, rate limiter (ours, then the backend's own pause), bulkhead,
 * time limiter, then the connector's single attempt.
 *
 * <p>Only failures of the backend count against the breaker ({@link FaceException.BackendUnavailable},
 * {@link FaceException.Internal}, timeouts); a caller's mistake ({@link FaceException.NotFound}, a
 * face-less image) is a healthy answer. A call refused by this layer (breaker open, bulkhead full)
 * fails with {@link FaceException.BackendUnavailable} caused by {@link CallNotSent}, so routing knows
 * it may go elsewhere. A write is retried only when it provably never reached the backend.
 *
 * <p>Thread-safe.
 */
final class ResilientEngine extends ForwardingFaceEngine {
    private final FaceEngine connector;
    private final String name;
    private final CircuitBreaker breaker;
    private final RetryConfig retryConfig;
    private final RateLimiter rateLimiter;
    private final BackendRateGate backendGate;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final RemoteMetrics metrics;

    private ResilientEngine(FaceEngine connector, RemoteSettings settings, BackendRateGate backendGate, RemoteMetrics metrics) {
        this.connector = requireNonNull(connector, "connector is null");
        this.name = connector.name();
        this.backendGate = requireNonNull(backendGate, "backendGate is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ResilientEngine::backendFailure)
                .build());
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2.0))
                .retryOnException(e -> backendFailure(e) || e instanceof FaceException.RateLimited)
                .failAfterMaxAttempts(false)
                .build();
        this.rateLimiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(settings.ratePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.rateWait())
                .build());
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrent())
                .maxWaitDuration(settings.bulkheadWait())
                .build());
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(true)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> metrics.transition(
                e.getStateTransition().getFromState().name(), e.getStateTransition().getToState().name()));
        metrics.breakerState(() -> switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        });
    }

    static FaceEngine wrap(FaceEngine connector, RemoteSettings settings, BackendRateGate gate, RemoteMetrics metrics) {
        return new ResilientEngine(connector, settings, gate, metrics);
    }

    /** The breaker's state, for tests and health. */
    CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    protected FaceEngine delegate() {
        return connector;
    }

    @Override
    public String name() {
        return name;
    }

    /** Every call but health: one guarded attempt after another, as the class says. */
    @Override
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        return guarded(operation, () -> invocation.on(connector));
    }

    @Override
    public void close() {
        attempts.shutdownNow();
        connector.close();
    }

    @Override
    public String toString() {
        return "ResilientEngine[" + connector + ", breaker " + breaker.getState() + "]";
    }

    /** The breaker's state and the backend's pause, without a call through the breaker. */
    @Override
    public EngineHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("breaker", breaker.getState().name());
        Duration pause = backendGate.pause();
        if (!pause.isZero()) {
            details.put("backend-pause", pause.toMillis() + " ms");
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            return new EngineHealth(false, details);
        }
        EngineHealth remote = connector.health();
        remote.details().forEach(details::putIfAbsent);
        return new EngineHealth(remote.ready(), details);
    }

    private <T> T guarded(EngineOperation call, Callable<T> attempt) {
        Retry retry = Retry.of(name + "." + call.methodName(), call.idempotent()
                ? retryConfig
                : RetryConfig.from(retryConfig).retryOnException(ResilientEngine::neverSent).build());
        retry.getEventPublisher().onRetry(e -> metrics.retry(call.methodName()));
        Callable<T> once = () -> oneAttempt(call, attempt);
        try {
            T result = retry.executeCallable(once);
            metrics.call(call.methodName(), RemoteMetrics.Outcome.SUCCESS);
            return result;
        } catch (CallNotPermittedException e) {
            metrics.call(call.methodName(), RemoteMetrics.Outcome.REJECTED_BY_BREAKER);
            throw new FaceException.BackendUnavailable(name + ": circuit breaker open; the call was not sent",
                    new CallNotSent("circuit breaker open"));
        } catch (BulkheadFullException e) {
            metrics.call(call.methodName(), RemoteMetrics.Outcome.BULKHEAD_FULL);
            throw new FaceException.BackendUnavailable(name + ": too many calls in flight; the call was not sent",
                    new CallNotSent("bulkhead full"));
        } catch (RequestNotPermitted e) {
            metrics.call(call.methodName(), RemoteMetrics.Outcome.RATE_LIMITED);
            throw new FaceException.RateLimited(name + ": rate limit reached; the call was not sent");
        } catch (BackendRateGate.Paused e) {
            metrics.call(call.methodName(), RemoteMetrics.Outcome.RATE_LIMITED);
            throw new FaceException.RateLimited(e.getMessage());
        } catch (FaceException e) {
            metrics.call(call.methodName(), outcome(e));
            throw e;
        } catch (Exception e) {
            metrics.call(call.methodName(), RemoteMetrics.Outcome.FAILURE);
            throw new FaceException.Internal(name + ": " + call.methodName() + " failed: " + e, e);
        }
    }

    private <T> T oneAttempt(EngineOperation call, Callable<T> attempt) throws Exception {
        return breaker.executeCallable(() -> {
            RateLimiter.waitForPermission(rateLimiter);
            backendGate.await(name);
            return bulkhead.executeCallable(() -> timed(call, attempt));
        });
    }

    private <T> T timed(EngineOperation call, Callable<T> attempt) throws Exception {
        try {
            return timeLimiter.executeFutureSupplier(() -> attempts.submit(attempt));
        } catch (TimeoutException e) {
            throw new FaceException.BackendUnavailable(name + ": " + call.methodName() + " took longer than "
                    + timeLimiter.getTimeLimiterConfig().getTimeoutDuration().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How a failed call is counted (package-private for tests). */
    static RemoteMetrics.Outcome outcome(FaceException e) {
        if (e instanceof FaceException.BackendUnavailable && timedOut(e.getCause())) {
            return RemoteMetrics.Outcome.TIMEOUT;
        }
        if (e instanceof FaceException.RateLimited) {
            return RemoteMetrics.Outcome.RATE_LIMITED;
        }
        return backendFailure(e) ? RemoteMetrics.Outcome.FAILURE : RemoteMetrics.Outcome.CALLER_ERROR;
    }

    /**
     * A backend that did not answer in time, whichever noticed first: the time limiter here, or a
     * connector's HTTP client, whose request carries the same timeout.
     */
    private static boolean timedOut(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof HttpTimeoutException;
    }

    /** Failures of the backend itself: these open the breaker and are worth another attempt. */
    private static boolean backendFailure(Throwable e) {
        return e instanceof FaceException.BackendUnavailable || e instanceof FaceException.Internal;
    }

    /** A failure that left the call unsent: safe to try again even for a write. */
    private static boolean neverSent(Throwable e) {
        return e instanceof FaceException.BackendUnavailable && e.getCause() instanceof CallNotSent;
    }
}
