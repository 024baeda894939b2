package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.base64Photo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack over real HTTP: the gateway, the DM-AI dialect, the local engine with its real
 * models and the embedded MongoDB, and a restart on the same data directory.
 */
class GatewayEndToEndTest {
    private static final String API = GatewayFixtures.DMAI;

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void enrolSearchCompareAndSurviveARestart() throws Exception {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.dmai.port", "0"));
        try (Gateway gateway = Gateway.start(options)) {
            URI base = gateway.baseUri();
            assertThat(post(base, API + "/create/collection", "{\"collection_name\":\"e2e\"}").get("err_code").asInt()).isZero();

            JsonNode inserted = post(base, API + "/face/insert", """
                    {"collection_name":"e2e","face_image":["%s","%s","%s"],"target_id":["obama","obama","biden"]}
                    """.formatted(base64Photo("obama/facerec_obama.jpg"), base64Photo("obama/facerec_obama1.jpg"),
                    base64Photo("biden/facerec_biden.jpg")));
            assertThat(inserted.get("err_code").asInt()).isZero();
            assertThat(inserted.get("success_num").asInt()).isEqualTo(3);

            JsonNode found = search(base, "obama/facerec_obama3.jpg");
            assertThat(found.get("status").get(0).get("result").asText()).isEqualTo("obama");
            assertThat(found.get("status").get(0).get("score").asDouble()).isGreaterThan(0.5);
            assertThat(found.get("status")).hasSize(2);
            assertThat(found.get("status").get(1).get("score").asDouble()).isLessThan(0.5);

            JsonNode same = post(base, API + "/face/compare", """
                    {"face_image1":"%s","face_image2":"%s"}""".formatted(
                    base64Photo("biden/facerec_biden.jpg"), base64Photo("biden/facerec_biden2.jpg")));
            assertThat(same.get("score").asDouble()).isBetween(0.5, 1.0);

            // The dialect's own port serves the vendor's bare paths.
            int own = gateway.dialectPort("dmai").orElseThrow();
            JsonNode version = get(URI.create("http://127.0.0.1:" + own), "/api/v1/engine/recocomp/version");
            assertThat(version.get("err_code").asInt()).isZero();
            assertThat(version.get("version").asText()).isNotBlank();

            assertThat(send(base, "GET", "/observe/health/ready", "").statusCode()).isEqualTo(200);
            String metrics = send(base, "GET", "/observe/metrics", "").body();
            assertThat(metrics)
                    .contains("polyface_requests_total")
                    .contains("operation=\"face.insert\"")
                    .contains("# TYPE polyface_engine_calls_seconds histogram");
            assertThat(Promtool.problems(metrics)).as("promtool check metrics").isEmpty();
            JsonNode dialects = get(base, "/admin/dialects");
            assertThat(dialects.get(dialects.findValuesAsText("id").indexOf("dmai")).get("operations")).hasSize(11);
        }

        // A new gateway on the same data finds everything again.
        try (Gateway again = Gateway.start(GatewayOptions.ephemeral(data))) {
            JsonNode status = post(again.baseUri(), API + "/collection/status", "{\"collection_name\":[\"e2e\"]}");
            assertThat(status.get("status").get(0).get("feature_num").asInt()).isEqualTo(3);
            assertThat(search(again.baseUri(), "obama/facerec_obama3.jpg").get("status").get(0).get("result").asText())
                    .isEqualTo("obama");
        }
    }

    @Test
    void dialectsWithoutCredentialsKeepToTenantsOfTheirOwn() throws Exception {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.dmai.max-collections", "1"));
        try (Gateway gateway = Gateway.start(options)) {
            URI base = gateway.baseUri();
            // FacePass keeps its faces in a pool collection and one collection per group.
            assertThat(send(base, "POST", "/facepass/api/group/v1/create", "{\"group_name\":\"lobby\"}").statusCode()).isEqualTo(200);

            assertThat(post(base, API + "/collection/status", "{\"collection_name\":[]}").get("status"))
                    .as("FacePass's collections are not DM-AI's").isEmpty();
            assertThat(post(base, API + "/create/collection", "{\"collection_name\":\"only\"}").get("err_code").asInt())
                    .as("nor do they count toward DM-AI's limit of collections").isZero();
            assertThat(post(base, API + "/collection/status", "{\"collection_name\":[]}").get("status"))
                    .extracting(item -> item.get("collection_name").asText()).containsExactly("only");
            assertThat(post(base, API + "/create/collection", "{\"collection_name\":\"second\"}").get("err_code").asInt())
                    .as("the limit itself still holds").isEqualTo(1002);
        }
    }

    @Test
    void collectionsLeftInTheEarlierSharedTenantAreNamedAtStartUp() throws Exception {
        // What an earlier version left: DM-AI collections in the tenant 'default'.
        try (Gateway earlier = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.dmai.tenant", "default")))) {
            post(earlier.baseUri(), API + "/create/collection", "{\"collection_name\":\"old\"}");
        }
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord log) {
                if (log.getLevel() == Level.WARNING) {
                    warnings.add(log.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Gateway.class.getName());
        logger.addHandler(handler);
        try (Gateway now = Gateway.start(GatewayOptions.ephemeral(data))) {
            assertThat(warnings).anySatisfy(w -> assertThat(w)
                    .contains("tenant 'default' holds 1 collection(s) that no dialect serves", "dialects.dmai.tenant"));
            assertThat(post(now.baseUri(), API + "/collection/status", "{\"collection_name\":[]}").get("status")).isEmpty();
        } finally {
            logger.removeHandler(handler);
        }
        try (Gateway configured = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.dmai.tenant", "default")))) {
            assertThat(post(configured.baseUri(), API + "/collection/status", "{\"collection_name\":[]}").get("status"))
                    .extracting(item -> item.get("collection_name").asText()).containsExactly("old");
        }
    }

    private JsonNode search(URI base, String file) throws Exception {
        return post(base, API + "/face/search", """
                {"collection_name":"e2e","face_image":"%s","top_k":5}""".formatted(base64Photo(file)));
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        return GatewayFixtures.postJson(http, base.resolve(path), body);
    }

    private JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> response = send(base, "GET", path, "");
        assertThat(response.statusCode()).isEqualTo(200);
        return GatewayFixtures.JSON.readTree(response.body());
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
