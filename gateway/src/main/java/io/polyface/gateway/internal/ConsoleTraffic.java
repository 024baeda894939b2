package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.metrics.api.Bucket;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.polyface.toolkit.json.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /admin/console/traffic}: the request counters and latency histograms that {@link
 * RequestMetrics} keeps, summed per dialect over operations. Totals since start; the console polls
 * and takes differences, so rates and latencies are those of the last interval.
 */
final class ConsoleTraffic {
    private final MeterRegistry registry;
    private final List<String> dialects;
    private final Clock clock;

    ConsoleTraffic(MeterRegistry registry, List<String> dialects, Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.dialects = List.copyOf(requireNonNull(dialects, "dialects is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    private static final class Totals {
        long requests;
        long clientErrors;
        long serverErrors;
        long timed;
        double seconds;
        /** Upper bound in seconds -> requests at most that long, as Prometheus's cumulative buckets. */
        final TreeMap<Double, Long> buckets = new TreeMap<>();
    }

    ObjectNode summary() {
        Map<String, Totals> totals = new LinkedHashMap<>();
        dialects.forEach(d -> totals.put(d, new Totals()));
        for (Meter meter : registry.meters()) {
            String dialect = meter.id().tagsMap().get("dialect");
            Totals t = dialect == null ? null : totals.get(dialect);
            if (t == null) {
                continue;
            }
            if (meter instanceof Counter counter && meter.id().name().equals("polyface.requests")) {
                long n = counter.count();
                t.requests += n;
                String status = meter.id().tagsMap().getOrDefault("status", "");
                if (status.startsWith("5")) {
                    t.serverErrors += n;
                } else if (status.startsWith("4")) {
                    t.clientErrors += n;
                }
            } else if (meter instanceof Timer timer && meter.id().name().equals("polyface.request.duration")) {
                var snapshot = timer.snapshot();
                t.timed += snapshot.count();
                t.seconds += snapshot.total(TimeUnit.SECONDS);
                for (Bucket bucket : snapshot.histogramCounts()) {
                    t.buckets.merge(bucket.boundary(TimeUnit.SECONDS), bucket.count(), Long::sum);
                }
            }
        }
        ObjectNode root = Json.object();
        root.put("at", clock.millis());
        ArrayNode list = root.putArray("dialects");
        totals.forEach((dialect, t) -> {
            ObjectNode node = list.addObject();
            node.put("dialect", dialect);
            node.put("requests", t.requests);
            node.put("clientErrors", t.clientErrors);
            node.put("serverErrors", t.serverErrors);
            ObjectNode latency = node.putObject("latency");
            latency.put("count", t.timed);
            latency.put("seconds", t.seconds);
            ArrayNode buckets = latency.putArray("buckets");
            t.buckets.forEach((le, n) -> buckets.addObject().put("le", le).put("count", n));
        });
        return root;
    }
}
