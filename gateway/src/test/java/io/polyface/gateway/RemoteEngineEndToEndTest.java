package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.base64Photo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on loopback: B runs the local engine and serves it through the native protocol and
 * its DM-AI dialect; A has no engine of its own and serves the DM-AI dialect from B, through the
 * polyface connector or through the DM-AI connector. A DM-AI client enrols and searches real
 * photos through A and gets B's answers.
 */
class RemoteEngineEndToEndTest {
    private static final String TOKEN = "e2e-" + UUID.randomUUID();
    private static Gateway b;

    @TempDir
    static Path dataB;

    @org.junit.jupiter.api.BeforeAll
    static void startB() {
        b = Gateway.start(GatewayOptions.ephemeral(dataB).withOverrides(Map.of("native.token", TOKEN)));
    }

    @org.junit.jupiter.api.AfterAll
    static void stopB() {
        if (b != null) {
            b.close();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dmai/api/v1/engine/recocomp";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String token = TOKEN;

    @TempDir
    Path work;

    @Test
    void aDmaiClientEnrolsAndSearchesThroughAnotherGatewaysEngine() throws Exception {
        Path dataA = Files.createDirectories(work.resolve("a"));
        {
            Path configA = Files.writeString(work.resolve("a.yaml"), """
                    engines:
                      local:
                        enabled: false
                      b:
                        type: remote
                        connector: polyface
                        base-url: %s
                        token: %s
                        timeout: 30s
                    routing:
                      default-engine: b
                    """.formatted(b.baseUri(), token));
            try (Gateway a = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(dataA), Optional.of(configA), Map.of()))) {
                URI base = a.baseUri();
                assertThat(post(base, "/create/collection", "{\"collection_name\":\"remote\"}").get("err_code").asInt()).isZero();
                JsonNode inserted = post(base, "/face/insert", """
                        {"collection_name":"remote","face_image":["%s","%s","%s"],"target_id":["obama","obama","biden"]}
                        """.formatted(base64Photo("obama/facerec_obama.jpg"), base64Photo("obama/facerec_obama1.jpg"),
                        base64Photo("biden/facerec_biden.jpg")));
                assertThat(inserted.get("success_num").asInt()).isEqualTo(3);

                JsonNode found = post(base, "/face/search", """
                        {"collection_name":"remote","face_image":"%s","top_k":5}""".formatted(base64Photo("obama/facerec_obama3.jpg")));
                assertThat(found.get("status").get(0).get("result").asText()).isEqualTo("obama");
                assertThat(found.get("status").get(0).get("score").asDouble()).isGreaterThan(0.5);
                assertThat(found.get("status").get(1).get("result").asText()).isEqualTo("biden");
                assertThat(found.get("status").get(1).get("score").asDouble()).isLessThan(0.5);

                // An error of B's engine reaches A's client in DM-AI's envelope, as if the engine were local.
                assertThat(post(base, "/create/collection", "{\"collection_name\":\"remote\"}").get("err_code").asInt())
                        .isEqualTo(1004);
                assertThat(post(base, "/face/search", """
                        {"collection_name":"nowhere","face_image":"%s","top_k":1}""".formatted(base64Photo("biden/facerec_biden2.jpg")))
                        .get("err_code").asInt()).isEqualTo(1005);

                // The faces live in B.
                JsonNode status = post(b.baseUri(), "/collection/status", "{\"collection_name\":[\"remote\"]}");
                assertThat(status.get("status").get(0).get("feature_num").asInt()).isEqualTo(3);

                assertThat(text(base, "/observe/metrics")).contains("polyface_remote_calls_total").contains("engine=\"b\"")
                        .contains("polyface_remote_breaker_state");
                assertThat(send(base, "GET", "/observe/health/ready", null, null).statusCode()).isEqualTo(200);

                // A serves no native protocol of its own: no token configured.
                assertThat(send(base, "POST", "/native/v1/collections", "{\"tenant\":\"dmai\"}", "Bearer " + token).statusCode())
                        .isEqualTo(404);
            }
            // B refuses calls without the token, or with another.
            assertThat(send(b.baseUri(), "POST", "/native/v1/collections", "{\"tenant\":\"dmai\"}", null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> wrong = send(b.baseUri(), "POST", "/native/v1/collections", "{\"tenant\":\"dmai\"}",
                    "Bearer " + token + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).get("error").get("type").asText()).isEqualTo("Unauthorized");
            HttpResponse<String> listed = send(b.baseUri(), "POST", "/native/v1/collections", "{\"tenant\":\"dmai\"}",
                    "Bearer " + token);
            assertThat(JSON.readTree(listed.body()).get("result").findValuesAsText("name")).contains("remote");
        }
    }

    @Test
    void aDmaiClientIsServedThroughTheDmaiConnectorFromAnotherGatewaysDmaiDialect() throws Exception {
        Path configA = Files.writeString(work.resolve("a.yaml"), """
                engines:
                  local:
                    enabled: false
                  dm:
                    type: remote
                    connector: dmai
                    base-url: %s/dmai
                    timeout: 30s
                routing:
                  default-engine: dm
                """.formatted(b.baseUri()));
        try (Gateway a = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(work.resolve("a")), Optional.of(configA),
                Map.of()))) {
            URI base = a.baseUri();
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"via_dmai\"}").get("err_code").asInt()).isZero();
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"via_dmai\"}").get("err_code").asInt()).isEqualTo(1004);
            JsonNode inserted = post(base, "/face/insert", """
                    {"collection_name":"via_dmai","face_image":["%s","%s"],"target_id":["obama","biden"]}
                    """.formatted(base64Photo("obama/facerec_obama.jpg"), base64Photo("biden/facerec_biden.jpg")));
            assertThat(inserted.get("success_num").asInt()).isEqualTo(2);

            String probe = """
                    {"collection_name":"via_dmai","face_image":"%s","top_k":2}""".formatted(base64Photo("biden/facerec_biden2.jpg"));
            JsonNode found = post(base, "/face/search", probe);
            assertThat(found.get("status").get(0).get("result").asText()).isEqualTo("biden");
            JsonNode direct = post(b.baseUri(), "/face/search", probe);
            // Cosine out of B's DM-AI scale and back into A's: the same score to the client.
            assertThat(found.get("status").get(0).get("score").asDouble())
                    .isCloseTo(direct.get("status").get(0).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-9));

            JsonNode status = post(base, "/collection/status", "{\"collection_name\":[\"via_dmai\"]}");
            assertThat(status.get("status").get(0).get("feature_num").asInt()).isEqualTo(2);
            assertThat(post(base, "/delete/id", "{\"collection_name\":\"via_dmai\",\"target_id\":\"obama\"}").get("err_code").asInt())
                    .isZero();
            assertThat(post(b.baseUri(), "/collection/status", "{\"collection_name\":[\"via_dmai\"]}")
                    .get("status").get(0).get("feature_num").asInt()).isEqualTo(1);
        }
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        HttpResponse<String> response = send(base, "POST", API + path, body, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String text(URI base, String path) throws Exception {
        return send(base, "GET", path, null, null).body();
    }

    private HttpResponse<String> send(URI base, String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
