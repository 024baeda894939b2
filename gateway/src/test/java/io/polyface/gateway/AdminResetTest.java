package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.DMAI;
import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/reset} over real HTTP on the real local engine: gateway A serves every dialect
 * from its own engine and has a remote engine "far", which is gateway B's engine through the native
 * protocol. A reset empties A's engine, for all, one tenant or one dialect, and B's only when asked.
 */
class AdminResetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "reset-" + UUID.randomUUID();
    private static final String ACCESS_KEY = "reset-ak";
    private static final String SECRET_KEY = "reset-sk-" + UUID.randomUUID();
    private static final String API_ID = "reset-api-id";
    private static final String API_SECRET = "reset-api-secret";

    @TempDir
    static Path data;

    private static Gateway a;
    private static Gateway b;
    private final HttpClient http = HttpClient.newHttpClient();
    private final QiniuSdkClient qiniu = new QiniuSdkClient(ACCESS_KEY, SECRET_KEY);

    @BeforeAll
    static void start() throws Exception {
        b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(data.resolve("b")))
                .withOverrides(Map.of("native.token", TOKEN)));
        Path config = Files.writeString(data.resolve("a.yaml"), """
                dialects:
                  qiniu:
                    keys:
                      - {access-key: %s, secret-key: %s}
                  sensetime:
                    accounts:
                      - {api-id: %s, api-secret: %s}
                engines:
                  far:
                    type: remote
                    connector: polyface
                    base-url: %s
                    token: %s
                    timeout: 30s
                """.formatted(ACCESS_KEY, SECRET_KEY, API_ID, API_SECRET, b.baseUri(), TOKEN));
        a = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(Files.createDirectories(data.resolve("a"))),
                Optional.of(config), Map.of()));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void startEmpty() throws Exception {
        assertThat(reset(a, "?remote=true").statusCode()).isEqualTo(200);
    }

    @Test
    void aResetEmptiesEveryDialectsDataOnTheLocalEngineAndSaysWhat() throws Exception {
        dmaiCollection(a, "people", "obama/facerec_obama.jpg");
        assertThat(post(a, "/facepass/api/group/v1/create", "{\"group_name\":\"lobby\"}").path("code").asInt()).isZero();
        assertThat(qiniu.send(a.baseUri(), "POST", "/qiniu/v1/face/groups/staff", "{\"config\":{\"capacity\":100}}").statusCode()).isEqualTo(200);
        qiniu.enrol(a.baseUri(), "staff", "angelina-1", "angelina", "angelina/deepface_img5.jpg");
        detect(a, "biden/facerec_biden.jpg");

        HttpResponse<String> answer = reset(a, "");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode summary = JSON.readTree(answer.body());
        assertThat(summary.at("/scope/all").asBoolean()).isTrue();
        JsonNode local = engine(summary, "local");
        assertThat(local.path("tenants").findValuesAsText("tenant")).contains("dmai", "facepass", ACCESS_KEY, API_ID);
        assertThat(summary.at("/erased/collections").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(summary.at("/erased/faces").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(summary.at("/erased/images").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(engine(summary, "far").path("skipped").asText()).contains("remote=true");

        assertThat(dmaiCollections(a)).isEmpty();
        assertThat(JSON.readTree(qiniu.send(a.baseUri(), "GET", "/qiniu/v1/face/groups", "").body()).toString())
                .doesNotContain("staff");
        assertThat(post(a, "/facepass/api/group/v1/create", "{\"group_name\":\"lobby\"}").path("code").asInt())
                .as("the group name is free again").isZero();
        // SenseTime keeps its detection pool in mind; after the reset it must make it again.
        detect(a, "biden/facerec_biden.jpg");
        // Nothing is left to erase.
        assertThat(JSON.readTree(reset(a, "?tenant=dmai").body()).at("/erased/collections").asLong()).isZero();
    }

    @Test
    void oneTenantOrOneDialectIsErasedAndTheOthersStay() throws Exception {
        dmaiCollection(a, "people", "obama/facerec_obama.jpg");
        assertThat(qiniu.send(a.baseUri(), "POST", "/qiniu/v1/face/groups/staff", "{\"config\":{\"capacity\":100}}").statusCode()).isEqualTo(200);

        JsonNode byDialect = JSON.readTree(reset(a, "?dialect=qiniu").body());

        assertThat(byDialect.at("/scope/dialect").asText()).isEqualTo("qiniu");
        assertThat(byDialect.at("/scope/tenants").toString()).contains(ACCESS_KEY, "\"qiniu\"");
        assertThat(byDialect.at("/erased/collections").asLong()).isEqualTo(1);
        assertThat(qiniu.send(a.baseUri(), "GET", "/qiniu/v1/face/groups/staff", "").statusCode()).as("Qiniu: group not exist").isEqualTo(400);
        assertThat(dmaiCollections(a)).contains("people");

        JsonNode byTenant = JSON.readTree(reset(a, "?tenant=dmai").body());

        assertThat(byTenant.at("/scope/tenant").asText()).isEqualTo("dmai");
        assertThat(byTenant.at("/erased/collections").asLong()).isEqualTo(1);
        assertThat(byTenant.at("/erased/faces").asLong()).isEqualTo(1);
        assertThat(dmaiCollections(a)).isEmpty();
    }

    @Test
    void aRemoteEngineIsErasedOnlyWhenAsked() throws Exception {
        dmaiCollection(b, "elsewhere", "biden/facerec_biden.jpg");

        JsonNode skipped = JSON.readTree(reset(a, "").body());

        assertThat(engine(skipped, "far").has("tenants")).isFalse();
        assertThat(dmaiCollections(b)).containsExactly("elsewhere");

        HttpResponse<String> asked = reset(a, "?remote=true");

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        JsonNode far = engine(JSON.readTree(asked.body()), "far");
        assertThat(far.path("type").asText()).isEqualTo("remote");
        assertThat(far.at("/tenants/0/tenant").asText()).isEqualTo("dmai");
        assertThat(far.at("/tenants/0/collections").asLong()).isEqualTo(1);
        assertThat(dmaiCollections(b)).isEmpty();
    }

    @Test
    void badParametersAreRefusedWithTheReasonAndEraseNothing() throws Exception {
        dmaiCollection(a, "people", "obama/facerec_obama.jpg");

        for (String query : new String[] {"?dialect=nope", "?dialect=dmai&tenant=dmai", "?remote=yes", "?tenant=", "?everything=1"}) {
            HttpResponse<String> answer = reset(a, query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("error").asText()).as(query).isNotBlank();
        }
        assertThat(JSON.readTree(reset(a, "?dialect=nope").body()).path("error").asText()).contains("dmai", "qiniu");
        assertThat(dmaiCollections(a)).containsExactly("people");
    }

    @Test
    void theJavaCallEmptiesTheLocalEngineAsThePathDoes() throws Exception {
        dmaiCollection(a, "people", "obama/facerec_obama.jpg");

        a.reset();

        assertThat(dmaiCollections(a)).isEmpty();
    }

    private static JsonNode engine(JsonNode summary, String name) {
        for (JsonNode engine : summary.path("engines")) {
            if (engine.path("engine").asText().equals(name)) {
                return engine;
            }
        }
        throw new AssertionError("no engine " + name + " in " + summary);
    }

    private HttpResponse<String> reset(Gateway gateway, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/admin/reset" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void dmaiCollection(Gateway gateway, String name, String photo) throws Exception {
        assertThat(post(gateway, DMAI + "/create/collection", "{\"collection_name\":\"" + name + "\"}").path("err_code").asInt())
                .isZero();
        JsonNode inserted = post(gateway, DMAI + "/face/insert", "{\"collection_name\":\"" + name + "\",\"face_image\":[\""
                + Base64.getEncoder().encodeToString(Files.readAllBytes(FACES.resolve(photo)))
                + "\"],\"target_id\":[\"someone\"]}");
        assertThat(inserted.path("success_num").asInt()).as(inserted.toString()).isEqualTo(1);
    }

    private List<String> dmaiCollections(Gateway gateway) throws Exception {
        JsonNode listed = post(gateway, DMAI + "/collection/status", "{\"collection_name\":[]}");
        assertThat(listed.path("err_code").asInt()).as(listed.toString()).isZero();
        return listed.path("status").findValuesAsText("collection_name");
    }

    private JsonNode post(Gateway gateway, String path, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    /** A SenseTime detection with the account; it must find a face. */
    private void detect(Gateway gateway, String photo) throws Exception {
        HttpResponse<String> answer = GatewayFixtures.sensetimeDetection(http, gateway.baseUri(), API_ID, API_SECRET, photo);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("faces").size()).isGreaterThanOrEqualTo(1);
    }
}
