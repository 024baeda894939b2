package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing over real HTTP, with in-memory engines ({@link FakeEngineProvider}) that share a store
 * but disagree on scores, or are down: shadow diffs at {@code /admin/shadow} and in the metrics,
 * the noise floor, failover, and routes reloaded from the configuration file without a restart.
 */
class RoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

    private final HttpClient http = HttpClient.newHttpClient();
    private final String store = "store-" + UUID.randomUUID();
    /** The engines of the shadow tests. */
    private final String primary = unique("p");
    private final String shadow = unique("s");

    @TempDir
    Path data;

    private Gateway start(String yaml) throws Exception {
        return GatewayFixtures.start(data, yaml);
    }

    /** An engine name no other test uses: the fake engines count calls per name for the whole JVM. */
    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** The primary and the shadow, fake engines on one store with their scores; DM-AI goes to the primary, shadowed. */
    private String shadowed(String primaryScore, String shadowScore, String routing) {
        return engines(
                primary + ": {type: fake, store: " + store + ", score: " + primaryScore + "}",
                shadow + ": {type: fake, store: " + store + ", score: " + shadowScore + "}")
                + "routing:\n  default-engine: " + primary + "\n" + routing
                + "routes:\n  - {dialect: dmai, engine: " + primary + ", shadow: " + shadow + "}\n";
    }

    /** Creates the collection {@code people} and enrols one face of a person in it. */
    private void enrol(URI base, String person) throws Exception {
        assertThat(post(base, "/create/collection", "{\"collection_name\":\"people\"}").get("err_code").asInt()).isZero();
        assertThat(post(base, "/face/insert", "{\"collection_name\":\"people\",\"face_image\":[\"" + IMAGE
                + "\"],\"target_id\":[\"" + person + "\"]}").get("success_num").asInt()).isEqualTo(1);
    }

    /** Enrols a person as {@link #enrol} does and searches the collection with the same image. */
    private JsonNode enrolAndSearch(URI base, String person) throws Exception {
        enrol(base, person);
        return search(base, "people", 3);
    }

    private JsonNode search(URI base, String collection, int topK) throws Exception {
        return post(base, "/face/search", "{\"collection_name\":\"" + collection + "\",\"face_image\":\"" + IMAGE
                + "\",\"top_k\":" + topK + "}");
    }

    private String engines(String... lines) {
        StringBuilder yaml = new StringBuilder("engines:\n  local:\n    enabled: false\n");
        for (String line : lines) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    @Test
    void aShadowThatDisagreesShowsAtTheAdminEndpointAndInTheMetricsAndGetsNoWrites() throws Exception {
        try (Gateway gateway = start(shadowed("0.9", "0.2", ""))) {
            URI base = gateway.baseUri();
            JsonNode found = enrolAndSearch(base, "alice");
            assertThat(found.get("status").get(0).get("result").asText()).isEqualTo("alice");

            JsonNode admin = eventually(() -> get(base, "/admin/shadow"), a -> a.get("latest").size() > 0);
            JsonNode latest = admin.get("latest").get(0);
            assertThat(latest.get("call").asText()).isEqualTo("search");
            assertThat(latest.get("primary").asText()).isEqualTo(primary);
            assertThat(latest.get("shadow").asText()).isEqualTo(shadow);
            assertThat(latest.get("collection").asText()).isEqualTo("people");
            assertThat(latest.get("differences").get(0).get("field").asText()).isEqualTo("hits[alice].score");
            assertThat(latest.get("differences").get(0).get("primary").asText()).isEqualTo("0.9000");
            assertThat(latest.get("differences").get(0).get("shadow").asText()).isEqualTo("0.2000");
            JsonNode search = find(admin.get("comparisons"), "search");
            assertThat(search.get("different").asLong()).isEqualTo(1);
            assertThat(search.get("diffRate").asDouble()).isEqualTo(1.0);
            assertThat(search.get("fields").get(0).get("field").asText()).isEqualTo("hits[].score");
            assertThat(search.get("fields").get(0).get("different").asLong()).isEqualTo(1);
            // The collection lookups the dialect made agree: same store, same counts.
            assertThat(find(admin.get("comparisons"), "collection").get("different").asLong()).isZero();

            String metrics = text(base, "/observe/metrics");
            assertThat(metrics).containsPattern("polyface_shadow_comparisons_total\\{[^}]*call=\"search\"[^}]*result=\"different\"[^}]*\\} 1");
            assertThat(metrics).containsPattern("polyface_shadow_diff_ratio\\{[^}]*call=\"search\"[^}]*shadow=\"" + shadow + "\"[^}]*\\} 1.0");
        }
        assertThat(FakeEngineProvider.calls(primary, "addFaces")).isEqualTo(1);
        assertThat(FakeEngineProvider.calls(shadow, "addFaces")).isZero();
        assertThat(FakeEngineProvider.calls(shadow, "createCollection")).isZero();
        assertThat(FakeEngineProvider.calls(shadow, "search")).isEqualTo(1);
    }

    @Test
    void differencesThePrimaryHasWithItselfAreNoise() throws Exception {
        try (Gateway gateway = start(shadowed("random", "0.5", "  shadow:\n    score-tolerance: 0.0001\n"))) {
            URI base = gateway.baseUri();
            enrolAndSearch(base, "bob");

            JsonNode admin = eventually(() -> get(base, "/admin/shadow"), a -> find(a.get("comparisons"), "search") != null
                    && find(a.get("comparisons"), "search").get("compared").asLong() == 1);
            JsonNode search = find(admin.get("comparisons"), "search");
            assertThat(search.get("different").asLong()).isZero();
            assertThat(search.get("noise").asLong()).isEqualTo(1);
            assertThat(search.get("fields").get(0).get("noise").asLong()).isEqualTo(1);
            assertThat(search.get("fields").get(0).get("different").asLong()).isZero();
        }
        // The primary was asked twice: once for the caller, once for the noise floor.
        assertThat(FakeEngineProvider.calls(primary, "search")).isEqualTo(2);
    }

    @Test
    void readsAndUnsentWritesFailOverButAWriteThatMayHaveLandedDoesNot() throws Exception {
        String broken = unique("b");
        String refusing = unique("r");
        String spare = unique("f");
        String yaml = engines(
                broken + ": {type: fake, store: " + store + ", down: unavailable}",
                refusing + ": {type: fake, store: " + store + ", down: refused}",
                spare + ": {type: fake, store: " + store + "}")
                + "routing:\n  default-engine: " + spare + "\n"
                + "routes:\n"
                + "  - {dialect: dmai, collections: 'broken*', engine: " + broken + ", failover: " + spare + "}\n"
                + "  - {dialect: dmai, collections: 'refused*', engine: " + refusing + ", failover: " + spare + "}\n";
        try (Gateway gateway = start(yaml)) {
            URI base = gateway.baseUri();
            // A write to an engine that may have received it is not sent elsewhere: DM-AI's database error.
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"broken1\"}").get("err_code").asInt()).isEqualTo(1001);
            // A write the primary never received goes to the failover engine.
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"refused1\"}").get("err_code").asInt()).isZero();
            // Reads fail over either way; the collection made through the spare is in the shared store.
            post(base, "/face/insert", "{\"collection_name\":\"refused1\",\"face_image\":[\"" + IMAGE + "\"],\"target_id\":[\"carol\"]}");
            JsonNode found = search(base, "refused1", 1);
            assertThat(found.get("status").get(0).get("result").asText()).isEqualTo("carol");

            assertThat(text(base, "/observe/metrics"))
                    .containsPattern("polyface_failovers_total\\{[^}]*call=\"search\"[^}]*primary=\"" + refusing + "\"[^}]*\\} 1.0");
        }
        assertThat(FakeEngineProvider.calls(spare, "createCollection")).isEqualTo(1);
        assertThat(FakeEngineProvider.calls(broken, "createCollection")).isEqualTo(1);
        assertThat(FakeEngineProvider.calls(spare, "addFaces")).isEqualTo(1);
    }

    @Test
    void routesAreReloadedFromTheConfigurationFileWithoutARestart() throws Exception {
        String first = unique("one");
        String second = unique("two");
        String common = engines(
                first + ": {type: fake, store: " + store + ", score: 0.9}",
                second + ": {type: fake, store: " + store + ", score: 0.1}")
                + "routing:\n  default-engine: " + first + "\n  reload-interval: PT0.2S\n";
        try (Gateway gateway = start(common + "routes:\n  - {dialect: dmai, engine: " + first + "}\n")) {
            URI base = gateway.baseUri();
            enrol(base, "dan");
            double before = score(base);

            Files.writeString(data.resolve("polyface.yaml"), common + "routes:\n  - {dialect: dmai, engine: " + second + "}\n");
            eventually(() -> get(base, "/admin/routes"), r -> r.get("routes").get(0).get("engine").asText().equals(second));
            assertThat(score(base)).isLessThan(before);

            // A configuration that names an unknown engine is refused; the routes in force stay.
            Files.writeString(data.resolve("polyface.yaml"), common + "routes:\n  - {dialect: dmai, engine: nowhere}\n");
            Thread.sleep(800);
            assertThat(get(base, "/admin/routes").get("routes").get(0).get("engine").asText()).isEqualTo(second);
        }
    }

    private double score(URI base) throws Exception {
        return search(base, "people", 1).get("status").get(0).get("score").asDouble();
    }

    private static JsonNode find(JsonNode comparisons, String call) {
        for (JsonNode c : comparisons) {
            if (c.get("call").asText().equals(call)) {
                return c;
            }
        }
        return null;
    }

    private static JsonNode eventually(Callable<JsonNode> fetch, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = fetch.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = fetch.call();
        }
        assertThat(done.test(last)).as("condition reached within 10 s; last seen %s", last).isTrue();
        return last;
    }

    private interface Callable<T> {
        T call() throws Exception;
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        return GatewayFixtures.postJson(http, base.resolve(GatewayFixtures.DMAI + path), body);
    }

    private JsonNode get(URI base, String path) throws Exception {
        return JSON.readTree(text(base, path));
    }

    private String text(URI base, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

}
