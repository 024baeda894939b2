package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Tag;
import io.polyface.gateway.Promtool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /observe/metrics} as Prometheus reads it: promtool parses and lints the scrape clean. */
class MetricsEndpointTest {
    private final RequestMetrics metrics = RequestMetrics.global();
    private final MetricsEndpoint endpoint = new MetricsEndpoint(metrics.registry());

    @Test
    void aScrapeParsesAndLintsCleanWithPromtool() throws Exception {
        metrics.record("dmai", "face.search", 200, TimeUnit.MILLISECONDS.toNanos(30));
        metrics.record("dmai", "face.search", 200, TimeUnit.MILLISECONDS.toNanos(700));
        metrics.recordEngineCall("local", "search", false, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.recordShadow("local", "other", "search", "same");
        metrics.shadowRatio("local", "other", "search", () -> 0.25);
        metrics.recordFailover("local", "spare", "search");

        String scrape = text();

        assertThat(Promtool.problems(scrape)).isEmpty();
        assertThat(scrape).doesNotContain("scope=").doesNotContain("quantile=");
        assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge").contains("# TYPE process_cpu_seconds_total counter");
    }

    @Test
    void timersWithBucketsAreHistogramsOfBucketsSumAndCount() {
        // Labels of this test's own: the registry is the JVM's, shared with the other tests.
        metrics.record("histogram-test", "compare", 200, TimeUnit.MILLISECONDS.toNanos(7));
        metrics.record("histogram-test", "compare", 200, TimeUnit.MILLISECONDS.toNanos(20));
        metrics.record("histogram-test", "compare", 200, TimeUnit.SECONDS.toNanos(30));

        List<String> family = family(text(), "polyface_request_duration_seconds");
        String labels = "dialect=\"histogram-test\",operation=\"compare\"";

        assertThat(family.getFirst()).isEqualTo("# HELP polyface_request_duration_seconds Request latency, by dialect and operation");
        assertThat(family.get(1)).isEqualTo("# TYPE polyface_request_duration_seconds histogram");
        assertThat(family).contains(
                "polyface_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 0",
                "polyface_request_duration_seconds_bucket{" + labels + ",le=\"0.01\"} 1",
                "polyface_request_duration_seconds_bucket{" + labels + ",le=\"0.025\"} 2",
                "polyface_request_duration_seconds_bucket{" + labels + ",le=\"10.0\"} 2",
                "polyface_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3",
                "polyface_request_duration_seconds_count{" + labels + "} 3");
        assertThat(family).anySatisfy(line -> assertThat(line).matches(
                Pattern.quote("polyface_request_duration_seconds_sum{" + labels + "} ") + "30\\.02\\d*"));
        assertThat(family.subList(2, family.size())).allSatisfy(line -> assertThat(line).matches(
                "polyface_request_duration_seconds_(bucket|count|sum)\\{.*"));
    }

    @Test
    void distributionsWithoutBucketsAreSummariesOfTheirOwn() throws Exception {
        DistributionSummary sizes = metrics.registry().getOrCreate(DistributionSummary.builder("polyface.test.upload.size")
                .baseUnit("bytes").tags(List.of(Tag.create("dialect", "qiniu"))).description("Upload sizes"));
        sizes.record(1000);
        sizes.record(3000);

        String scrape = text();
        List<String> family = family(scrape, "polyface_test_upload_size_bytes");

        assertThat(family).contains("# TYPE polyface_test_upload_size_bytes summary",
                "polyface_test_upload_size_bytes_count{dialect=\"qiniu\"} 2",
                "polyface_test_upload_size_bytes_sum{dialect=\"qiniu\"} 4000.0");
        assertThat(Promtool.problems(scrape)).isEmpty();
    }

    @Test
    void openMetricsIsServedToScrapersThatAskForIt() {
        metrics.record("sensetime", "info.api", 200, Duration.ofMillis(2).toNanos());

        MetricsEndpoint.Scrape scrape = endpoint.scrape("application/openmetrics-text; version=1.0.0");

        assertThat(scrape.contentType()).startsWith("application/openmetrics-text");
        assertThat(new String(scrape.body(), StandardCharsets.UTF_8)).endsWith("# EOF\n")
                .contains("# TYPE polyface_request_duration_seconds histogram");
    }

    private String text() {
        MetricsEndpoint.Scrape scrape = endpoint.scrape("text/plain");
        assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        return new String(scrape.body(), StandardCharsets.UTF_8);
    }

    /** The lines of one metric family, its HELP and TYPE first. */
    private static List<String> family(String scrape, String name) {
        Matcher start = Pattern.compile("(?m)^# HELP " + Pattern.quote(name) + " ").matcher(scrape);
        assertThat(start.find()).as("a family named " + name).isTrue();
        String rest = scrape.substring(start.start());
        int next = rest.indexOf("\n# HELP ", 1);
        return (next < 0 ? rest : rest.substring(0, next)).lines().toList();
    }
}
