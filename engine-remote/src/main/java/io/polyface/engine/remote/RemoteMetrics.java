package io.polyface.engine.remote;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.Supplier;

/**
 * A remote engine's meters: calls by outcome, retries, and the breaker's state as a gauge
 * (0 closed, 1 open, 2 half-open; 3 forced open or disabled), beside the gateway's own
 * {@code polyface.engine.calls}.
 */
final class RemoteMetrics {
    /** How one call ended, as far as the resilience layer can tell. */
    enum Outcome {
        SUCCESS, CALLER_ERROR, FAILURE, REJECTED_BY_BREAKER, BULKHEAD_FULL, RATE_LIMITED, TIMEOUT
    }

    private final MeterRegistry registry;
    private final String engine;

    RemoteMetrics(MeterRegistry registry, String engine) {
        this.registry = registry;
        this.engine = engine;
    }

    void call(String call, Outcome outcome) {
        registry.getOrCreate(Counter.builder("polyface.remote.calls")
                .tags(List.of(Tag.create("engine", engine), Tag.create("call", call),
                        Tag.create("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))))
                .description("Remote engine calls, by engine, call and outcome")).increment();
    }

    void retry(String call) {
        registry.getOrCreate(Counter.builder("polyface.remote.retries")
                .tags(List.of(Tag.create("engine", engine), Tag.create("call", call)))
                .description("Retries of idempotent remote calls")).increment();
    }

    void transition(String from, String to) {
        registry.getOrCreate(Counter.builder("polyface.remote.breaker.transitions")
                .tags(List.of(Tag.create("engine", engine), Tag.create("from", from), Tag.create("to", to)))
                .description("Circuit breaker state changes")).increment();
    }

    /** The current breaker of each engine name: an engine rebuilt on a configuration reload takes over its gauge. */
    private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicReference<Supplier<Integer>>>
            STATES = new java.util.concurrent.ConcurrentHashMap<>();

    void breakerState(Supplier<Integer> state) {
        var current = STATES.computeIfAbsent(engine, e -> new java.util.concurrent.atomic.AtomicReference<>(() -> 0));
        current.set(state);
        registry.getOrCreate(Gauge.builder("polyface.remote.breaker.state", () -> current.get().get())
                .tags(List.of(Tag.create("engine", engine)))
                .description("Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 other"));
    }
}
