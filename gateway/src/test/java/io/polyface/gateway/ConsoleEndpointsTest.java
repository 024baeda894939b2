package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.DMAI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's page and its JSON under {@code /admin/console/} on a started gateway: an in-memory
 * engine, a remote engine whose backend fails (so its breaker opens), and report directories for
 * the coverage and calibration panels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String fake = "fake-" + UUID.randomUUID().toString().substring(0, 6);
    private final String remote = "remote-" + UUID.randomUUID().toString().substring(0, 6);
    /** A remote engine no request is routed to, so its breaker stays closed whatever the other tests do. */
    private final String idle = "idle-" + UUID.randomUUID().toString().substring(0, 6);
    private WireMockServer backend;
    private Gateway gateway;
    private URI base;
    private Path coverage;
    private Path calibration;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        backend = GatewayFixtures.startDownBackend();
        coverage = Files.createDirectories(data.resolve("conformance-report"));
        calibration = Files.createDirectories(data.resolve("calibration"));
        gateway = GatewayFixtures.start(data, """
                engines:
                  local:
                    enabled: false
                  %s:
                    type: fake
                  %s:
                    type: remote
                    connector: polyface
                    base-url: %s
                    token: not-a-real-token-but-long
                    retry:
                      max-attempts: 1
                    breaker:
                      window: 2
                      minimum-calls: 2
                      open-for: 60s
                  %s:
                    type: remote
                    connector: polyface
                    base-url: %s
                    token: not-a-real-token-but-long
                    breaker:
                      window: 2
                      minimum-calls: 2
                routing:
                  default-engine: %s
                routes:
                  - {dialect: dmai, collections: 'far_*', engine: %s}
                console:
                  coverage-dir: %s
                  calibration-dir: %s
                  tenants: [AK1]
                """.formatted(fake, remote, backend.baseUrl(), idle, backend.baseUrl(), fake, remote, coverage, calibration));
        base = gateway.baseUri();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.stop();
    }

    @Test
    void thePageAndItsFilesAreServedAndTheIndexNamesIt() throws Exception {
        HttpResponse<String> page = get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("/console/assets/console.js").contains("id=\"page-playground\"");
        assertThat(get("/console/").statusCode()).isEqualTo(200);

        for (String file : List.of("console.js", "core.js", "panels.js", "playground.js")) {
            HttpResponse<String> script = get("/console/assets/" + file);
            assertThat(script.statusCode()).as(file).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        }
        assertThat(get("/console/assets/console.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/console/assets/Gateway.class").statusCode()).isEqualTo(404);

        assertThat(json("/").path("admin").path("console").asText()).isEqualTo("/console");
    }

    @Test
    void thePlaygroundScriptsThePluginsBringAreServedBesideThePage() throws Exception {
        assertThat(json("/console/assets/playgrounds.json").path("dialects")).extracting(JsonNode::asText)
                .as("in the served order; SenseTime's plugin brings none").containsSubsequence("dmai", "facepass", "qiniu")
                .doesNotContain("sensetime");
        HttpResponse<String> script = get("/console/assets/playground-facepass.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("export default").contains("/api/service/recognize/v1/");

        assertThat(get("/console/assets/playground-sensetime.js").statusCode()).as("a plugin that brings none").isEqualTo(404);
        assertThat(get("/console/assets/playground-nosuch.js").statusCode()).isEqualTo(404);
        assertThat(get("/console/assets/playground-..%2Fconsole.js").statusCode()).isEqualTo(404);
    }

    @Test
    void enginesShowTheirHealthAndTheRemoteEnginesBreaker() throws Exception {
        assertThat(engine(remote).has("breaker")).isTrue();

        // Two backend failures in a window of two open the breaker (if other calls have not already).
        for (int i = 0; i < 2; i++) {
            assertThat(JSON.readTree(post(DMAI + "/create/collection", "{\"collection_name\":\"far_" + i + "\"}").body())
                    .path("err_code").asInt()).isEqualTo(1001);
        }

        JsonNode after = engine(remote);
        assertThat(after.path("breaker").asText()).isEqualTo("OPEN");
        assertThat(after.path("ready").asBoolean()).isFalse();
        JsonNode local = engine(fake);
        assertThat(local.path("ready").asBoolean()).isTrue();
        assertThat(local.has("breaker")).as("an engine without a breaker shows none").isFalse();
        assertThat(local.path("featureVersion").asText()).isNotBlank();
        assertThat(local.path("featureVersions").findValuesAsText("name")).contains(local.path("featureVersion").asText());
    }

    @Test
    void pollingAsksARemoteEngineThatIsDownForItsHealthOnly() throws Exception {
        backend.resetRequests();
        for (int i = 0; i < 3; i++) {
            json("/admin/console/engines");
            json("/admin/console/jobs");
        }
        // Versions and jobs would go through its breaker and count against it; a console must not open it.
        List<String> asked = backend.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).distinct().toList();
        assertThat(asked).containsExactly("/native/v1/health");
        assertThat(engine(idle).path("breaker").asText()).isEqualTo("CLOSED");
        assertThat(json("/admin/console/jobs").path("unavailable").findValuesAsText("engine")).contains(idle);
    }

    @Test
    void trafficSumsEachDialectsRequestsStatusesAndLatencies() throws Exception {
        JsonNode before = json("/admin/console/traffic");
        get(DMAI + "/version");
        get(DMAI + "/version");
        assertThat(post("/qiniu/v1/face/groups/nosuch/search", "{\"images\": 1}").statusCode()).isEqualTo(400);

        // A request is counted just after its answer leaves, so the counts may trail the answers a moment.
        JsonNode traffic = trafficOnce(t -> dialect(t, "dmai").path("requests").asLong() - dialect(before, "dmai").path("requests").asLong() >= 2
                && dialect(t, "qiniu").path("requests").asLong() > dialect(before, "qiniu").path("requests").asLong());
        assertThat(traffic.path("at").asLong()).isPositive();
        assertThat(traffic.path("dialects").findValuesAsText("dialect")).containsExactlyElementsOf(GatewayFixtures.dialectsFound());
        JsonNode dmai = dialect(traffic, "dmai");
        assertThat(dmai.path("requests").asLong() - dialect(before, "dmai").path("requests").asLong()).isEqualTo(2);
        assertThat(dmai.path("latency").path("count").asLong() - dialect(before, "dmai").path("latency").path("count").asLong())
                .isEqualTo(2);
        assertThat(dmai.path("latency").path("seconds").asDouble())
                .isGreaterThan(dialect(before, "dmai").path("latency").path("seconds").asDouble());
        assertThat(dmai.path("clientErrors").asLong()).isEqualTo(dialect(before, "dmai").path("clientErrors").asLong());
        assertThat(dialect(traffic, "qiniu").path("clientErrors").asLong() - dialect(before, "qiniu").path("clientErrors").asLong())
                .as("Qiniu's 400 for a body of the wrong shape").isEqualTo(1);

        // Prometheus's cumulative buckets: never decreasing, the last at most the count.
        List<Long> counts = new ArrayList<>();
        dmai.path("latency").path("buckets").forEach(b -> counts.add(b.path("count").asLong()));
        assertThat(counts).hasSize(11).isSorted();
        assertThat(counts.getLast()).isLessThanOrEqualTo(dmai.path("latency").path("count").asLong());
        assertThat(dmai.path("latency").path("buckets").get(0).path("le").asDouble()).isEqualTo(0.005);
    }

    @Test
    void jobsListEachTenantsFeatureJobsAndSayWhereMigrationsReport() throws Exception {
        JsonNode jobs = json("/admin/console/jobs");
        assertThat(jobs.path("migration").asText()).contains("polyface migrate");
        List<String> tenants = new ArrayList<>();
        jobs.path("tenants").forEach(t -> tenants.add(t.asText()));
        // Each dialect's default tenant, then the tenant of Qiniu's configured key.
        List<String> expected = new ArrayList<>(GatewayFixtures.dialectsFound());
        expected.add("AK1");
        assertThat(tenants).containsExactlyElementsOf(expected);
        assertThat(jobs.path("jobs")).isEmpty();
        // The failing remote engine cannot list them; it says so instead of failing the page.
        assertThat(jobs.path("unavailable").findValuesAsText("engine")).contains(remote);
    }

    @Test
    void coverageReadsEveryReportOfTheDirectoryAndNamesTheUnreadable() throws Exception {
        Files.writeString(coverage.resolve("coverage-dmai.json"), """
                {"dialect": "dmai", "contract": "contract/dmai-openapi.yaml", "coverage_percent": 50.0,
                 "cells": [{"operation": "version", "code": "0", "section": "1.1", "status": "covered",
                            "tests": [{"name": "DmaiSystemTest.version()", "status": "pass"}]},
                           {"operation": "version", "code": "500", "section": "1.1", "status": "uncovered", "tests": []}],
                 "uncovered": [{"operation": "version", "code": "500"}], "outside_contract": []}
                """);
        Files.writeString(coverage.resolve("coverage-qiniu.json"), "{ not json");
        Files.writeString(coverage.resolve("summary.txt"), "1 passed, 0 failed, 0 skipped");

        JsonNode report = json("/admin/console/coverage");
        assertThat(report.path("configured").asBoolean()).isTrue();
        assertThat(report.path("dir").asText()).isEqualTo(coverage.toAbsolutePath().normalize().toString());
        assertThat(report.path("reports").findValuesAsText("dialect")).containsExactly("dmai");
        assertThat(report.path("reports").get(0).path("cells")).hasSize(2);
        assertThat(report.path("unreadable").findValuesAsText("file")).containsExactly("coverage-qiniu.json");
        assertThat(report.has("hint")).isFalse();
    }

    @Test
    void calibrationListsAndServesOnlyTheReportsOwnFiles() throws Exception {
        Files.writeString(calibration.resolve("fr-feature-v1-histogram.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(calibration.resolve("fr-feature-v1-roc.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(calibration.resolve("calibration.json"), "{\"fr-feature-v1\": {\"eer\": 0.01}}");
        Files.writeString(calibration.resolve("calibration.md"), "# Calibration");
        Files.writeString(calibration.resolve("secrets.properties"), "token=x");
        Files.writeString(calibration.resolve(".hidden.svg"), "<svg/>");
        Files.writeString(calibration.getParent().resolve("outside.svg"), "<svg/>");

        JsonNode listing = json("/admin/console/calibration");
        assertThat(listing.path("configured").asBoolean()).isTrue();
        assertThat(listing.path("files").findValuesAsText("name")).containsExactly(
                "calibration.json", "calibration.md", "fr-feature-v1-histogram.svg", "fr-feature-v1-roc.svg");
        assertThat(listing.path("files").findValuesAsText("kind")).containsExactly("json", "md", "svg", "svg");

        HttpResponse<String> svg = get("/admin/console/calibration/fr-feature-v1-roc.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(svg.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
        assertThat(get("/admin/console/calibration/calibration.json").body()).contains("eer");

        for (String refused : List.of("secrets.properties", ".hidden.svg", "..%2Foutside.svg", "%2E%2E%2Foutside.svg", "nothing.svg")) {
            assertThat(get("/admin/console/calibration/" + refused).statusCode()).as(refused).isEqualTo(404);
        }
    }

    @Test
    void facesAreBoxedByTheEngineTheDialectsRequestWouldReach() throws Exception {
        byte[] image = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00};
        JsonNode faces = JSON.readTree(postBytes("/admin/console/faces?dialect=dmai&collection=staff", image).body());
        assertThat(faces.path("engine").asText()).isEqualTo(fake);
        assertThat(faces.path("tenant").asText()).isEqualTo("dmai");
        assertThat(faces.path("faces")).hasSize(1);
        assertThat(faces.path("faces").get(0).path("width").asDouble()).isPositive();
        assertThat(FakeEngineProvider.calls(fake, "detect")).isPositive();

        assertThat(postBytes("/admin/console/faces?dialect=nope", image).statusCode()).isEqualTo(400);
        assertThat(postBytes("/admin/console/faces?dialect=dmai", new byte[0]).statusCode()).isEqualTo(400);
    }

    private JsonNode engine(String name) throws Exception {
        for (JsonNode engine : json("/admin/console/engines").path("engines")) {
            if (engine.path("name").asText().equals(name)) {
                return engine;
            }
        }
        throw new AssertionError("no engine " + name);
    }

    /** The traffic summary once it shows what the test did, or as it is after five seconds. */
    private JsonNode trafficOnce(java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode traffic = json("/admin/console/traffic");
        while (!done.test(traffic) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            traffic = json("/admin/console/traffic");
        }
        return traffic;
    }

    private static JsonNode dialect(JsonNode traffic, String id) {
        for (JsonNode d : traffic.path("dialects")) {
            if (d.path("dialect").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no dialect " + id + " in " + traffic);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postBytes(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
