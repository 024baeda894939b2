package io.polyface.gateway.internal;

import io.helidon.metrics.api.Bucket;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.HistogramSnapshot;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.metrics.api.ValueAtPercentile;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns the meters made through Helidon's API into Prometheus metric families. Timers and
 * distribution summaries with buckets become histograms (buckets, sum, count, nothing else), those
 * without become summaries; names and label names are snake_case; Helidon's {@code scope} tag is
 * left out, since every meter here is the application's.
 */
final class MeterSnapshots {
    private MeterSnapshots() {
    }

    /** One family per metric name, in the order the meters were made. */
    static List<MetricSnapshot> of(Iterable<Meter> meters) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (Meter meter : meters) {
            Optional<Kind> kind = kind(meter);
            if (kind.isEmpty()) {
                continue;
            }
            String name = name(meter, kind.get());
            Family family = families.computeIfAbsent(name, n -> new Family(n, kind.get(), meter.description().orElse(n)));
            if (family.kind == kind.get()) {
                family.add(meter);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.values().forEach(f -> snapshots.add(f.snapshot()));
        return snapshots;
    }

    private enum Kind {
        COUNTER, GAUGE, HISTOGRAM, SUMMARY
    }

    private static Optional<Kind> kind(Meter meter) {
        return switch (meter.type()) {
            case COUNTER -> Optional.of(Kind.COUNTER);
            case GAUGE -> Optional.of(Kind.GAUGE);
            case TIMER, DISTRIBUTION_SUMMARY -> Optional.of(
                    buckets(histogram(meter)).isEmpty() ? Kind.SUMMARY : Kind.HISTOGRAM);
            case OTHER -> Optional.empty();
        };
    }

    private static HistogramSnapshot histogram(Meter meter) {
        return meter instanceof Timer timer ? timer.snapshot() : ((DistributionSummary) meter).snapshot();
    }

    private static List<Bucket> buckets(HistogramSnapshot snapshot) {
        List<Bucket> buckets = new ArrayList<>();
        snapshot.histogramCounts().forEach(buckets::add);
        return buckets;
    }

    /** {@code polyface.request.duration} (a timer) becomes {@code polyface_request_duration_seconds}. */
    private static String name(Meter meter, Kind kind) {
        String name = snakeCase(meter.id().name());
        String unit = meter instanceof Timer ? "seconds" : meter.baseUnit().map(MeterSnapshots::snakeCase).orElse("");
        if (kind != Kind.COUNTER && !unit.isEmpty() && !name.endsWith("_" + unit)) {
            name = name + "_" + unit;
        }
        // The writer adds _total to counters itself.
        return kind == Kind.COUNTER && name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }

    /** {@code memory.usedHeap} becomes {@code memory_used_heap}. */
    static String snakeCase(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return PrometheusNaming.sanitizeMetricName(snake.replaceAll("[^a-z0-9_:]", "_").replaceAll("_+", "_"));
    }

    private static Labels labels(Meter meter) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Tag tag : meter.id().tags()) {
            if (!tag.key().equals("scope")) {
                names.add(PrometheusNaming.sanitizeLabelName(snakeCase(tag.key())));
                values.add(tag.value());
            }
        }
        return Labels.of(names, values);
    }

    /** The meters of one name; a second meter with the same labels (another scope) is left out. */
    private static final class Family {
        private final String name;
        private final Kind kind;
        private final String help;
        private final List<Meter> meters = new ArrayList<>();
        private final Set<Labels> seen = new HashSet<>();

        Family(String name, Kind kind, String help) {
            this.name = name;
            this.kind = kind;
            this.help = help;
        }

        void add(Meter meter) {
            if (seen.add(labels(meter))) {
                meters.add(meter);
            }
        }

        MetricSnapshot snapshot() {
            return switch (kind) {
                case COUNTER -> {
                    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                    meters.forEach(m -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels(m)).value(((Counter) m).count()).build()));
                    yield b.build();
                }
                case GAUGE -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
                    meters.forEach(m -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels(m)).value(((Gauge<?>) m).value().doubleValue()).build()));
                    yield b.build();
                }
                case HISTOGRAM -> {
                    io.prometheus.metrics.model.snapshots.HistogramSnapshot.Builder b =
                            io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder().name(name).help(help);
                    meters.forEach(m -> b.dataPoint(histogramPoint(m)));
                    yield b.build();
                }
                case SUMMARY -> {
                    SummarySnapshot.Builder b = SummarySnapshot.builder().name(name).help(help);
                    meters.forEach(m -> b.dataPoint(summaryPoint(m)));
                    yield b.build();
                }
            };
        }
    }

    /**
     * Micrometer's bucket counts are cumulative and stop at the last configured bound; the model
     * wants each bucket's own count and a {@code +Inf} bucket.
     */
    private static io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot histogramPoint(Meter meter) {
        HistogramSnapshot snapshot = histogram(meter);
        boolean timer = meter instanceof Timer;
        ClassicHistogramBuckets.Builder buckets = ClassicHistogramBuckets.builder();
        long below = 0;
        for (Bucket bucket : buckets(snapshot)) {
            long cumulative = Math.max(below, bucket.count());
            buckets.bucket(timer ? bucket.boundary(TimeUnit.SECONDS) : bucket.boundary(), cumulative - below);
            below = cumulative;
        }
        buckets.bucket(Double.POSITIVE_INFINITY, Math.max(0, snapshot.count() - below));
        return io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(labels(meter))
                .classicHistogramBuckets(buckets.build())
                .sum(timer ? snapshot.total(TimeUnit.SECONDS) : snapshot.total())
                .build();
    }

    private static SummarySnapshot.SummaryDataPointSnapshot summaryPoint(Meter meter) {
        HistogramSnapshot snapshot = histogram(meter);
        boolean timer = meter instanceof Timer;
        Quantiles.Builder quantiles = Quantiles.builder();
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            quantiles.quantile(new Quantile(p.percentile(), timer ? p.value(TimeUnit.SECONDS) : p.value()));
        }
        return SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(labels(meter))
                .count(snapshot.count())
                .sum(timer ? snapshot.total(TimeUnit.SECONDS) : snapshot.total())
                .quantiles(quantiles.build())
                .build();
    }
}
