package io.polyface.gateway.internal;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Request counters and latency histograms, by dialect, operation and status. */
public final class RequestMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Where the meters live; {@link MetricsEndpoint} shows them. */
    public MeterRegistry registry() {
        return registry;
    }

    public static RequestMetrics global() {
        return new RequestMetrics(Metrics.globalRegistry());
    }

    public void record(String dialect, String operation, int status, long nanos) {
        List<Tag> tags = List.of(Tag.create("dialect", dialect), Tag.create("operation", operation));
        List<Tag> withStatus = List.of(tags.get(0), tags.get(1), Tag.create("status", Integer.toString(status)));
        registry.getOrCreate(Counter.builder("polyface.requests").tags(withStatus)
                .description("Requests served, by dialect, operation and HTTP status")).increment();
        registry.getOrCreate(Timer.builder("polyface.request.duration").tags(tags).buckets(BUCKETS)
                .description("Request latency, by dialect and operation")).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordEngineCall(String engine, String method, boolean failed, long nanos) {
        List<Tag> tags = List.of(Tag.create("engine", engine), Tag.create("call", method),
                Tag.create("outcome", failed ? "failure" : "success"));
        registry.getOrCreate(Timer.builder("polyface.engine.calls").tags(tags).buckets(BUCKETS)
                .description("Engine SPI calls, by engine, call and outcome")).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordShadow(String primary, String shadow, String call, String result) {
        registry.getOrCreate(Counter.builder("polyface.shadow.comparisons")
                .tags(List.of(Tag.create("primary", primary), Tag.create("shadow", shadow), Tag.create("call", call),
                        Tag.create("result", result)))
                .description("Shadowed calls, by primary, shadow, call and result (same, different, skipped)")).increment();
    }

    /** The share of compared calls whose answers differed beyond the noise floor, since start. */
    public void shadowRatio(String primary, String shadow, String call, java.util.function.Supplier<Double> ratio) {
        registry.getOrCreate(io.helidon.metrics.api.Gauge.builder("polyface.shadow.diff.ratio", ratio)
                .tags(List.of(Tag.create("primary", primary), Tag.create("shadow", shadow), Tag.create("call", call)))
                .description("Share of shadowed calls whose answers differed, since start"));
    }

    public void recordFailover(String primary, String failover, String call) {
        registry.getOrCreate(Counter.builder("polyface.failovers")
                .tags(List.of(Tag.create("primary", primary), Tag.create("failover", failover), Tag.create("call", call)))
                .description("Calls answered by the failover engine because the primary was unavailable")).increment();
    }
}
