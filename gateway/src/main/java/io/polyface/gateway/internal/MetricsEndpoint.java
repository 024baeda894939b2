package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /observe/metrics}: the application's meters and the JVM's (memory, threads, garbage
 * collection, CPU, class loading, under their standard {@code jvm_*} and {@code process_*} names),
 * in the format the {@code Accept} header asks for: Prometheus text by default, OpenMetrics or
 * Prometheus protobuf on request.
 *
 * <p>Written here rather than by Helidon's metrics observer, whose text put quantile samples inside
 * histogram families and gave every meter a {@code scope} label, which parsers refuse or misread.
 * Thread-safe.
 */
public final class MetricsEndpoint implements Handler {
    /** One per JVM: the JVM's meters register once. */
    private static final PrometheusRegistry JVM = jvmRegistry();

    private final MeterRegistry meters;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsEndpoint(MeterRegistry meters) {
        this.meters = requireNonNull(meters, "meters is null");
    }

    private static PrometheusRegistry jvmRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /** A scrape's body and its content type. */
    public record Scrape(String contentType, byte[] body) {
        public Scrape {
            requireNonNull(contentType, "contentType is null");
            requireNonNull(body, "body is null");
        }
    }

    /** Everything the endpoint shows, in the format an {@code Accept} header asks for. */
    public Scrape scrape(String accept) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        JVM.scrape().forEach(all::metricSnapshot);
        MeterSnapshots.of(meters.meters()).forEach(all::metricSnapshot);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(body, all.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(writer.getContentType(), body.toByteArray());
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Scrape scrape = scrape(req.headers().first(HeaderNames.ACCEPT).orElse("text/plain"));
        res.header(HeaderNames.CONTENT_TYPE, scrape.contentType());
        res.send(scrape.body());
    }
}
