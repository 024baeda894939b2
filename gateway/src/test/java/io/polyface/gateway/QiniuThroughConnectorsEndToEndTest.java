package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end evidence for the vendor connectors, on loopback: gateway B runs the local
 * engine and serves it through a vendor's dialect; gateway A has no engine of its own and serves
 * the Qiniu dialect from B through that vendor's connector. A Qiniu client, its requests signed by
 * Qiniu's official Java SDK, enrols and searches real photos through A: the right person comes
 * back with a high score, a stranger finds no one, and the faces live in B in the vendor's terms.
 */
class QiniuThroughConnectorsEndToEndTest {
    private static final String AK = "e2e-access-key";
    private static final String SK = "e2e-secret-key-not-a-default";
    private static final String API_ID = "e2e-sensetime-id";
    private static final String API_SECRET = "e2e-sensetime-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final QiniuSdkClient qiniu = new QiniuSdkClient(AK, SK);

    @TempDir
    Path work;

    /**
     * B's FacePass dialect through {@code connector: facepass}: the faces live in B as FacePass
     * face_tokens bound to a group.
     */
    @Test
    void aQiniuClientEnrolsAndSearchesThroughTheFacepassConnectorAndBsFacepassDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))))) {
            try (Gateway a = gatewayA("""
                      fp:
                        type: remote
                        connector: facepass
                        base-url: %s/facepass
                        tenant: %s
                    """.formatted(b.baseUri(), AK))) {
                URI base = a.baseUri();
                qiniu.enrolAndFindTheStars(base);
                // B's refusals reach the Qiniu client in Qiniu's terms: a name FacePass refuses
                // (ILLEGAL_ARGUMENT: group_name) is a 400 (the 409 above was its GROUP_NAME_CONFLICT).
                assertThat(qiniu.send(base, "POST", "/qiniu/v1/face/groups/with-dash", "{}").statusCode()).isEqualTo(400);

                // The faces live in B, as FacePass knows them: three face_tokens bound to the group.
                JsonNode group = facepass(b.baseUri(), "/api/group/v1/query", "{\"group_name\":\"stars\"}");
                assertThat(group.at("/data/faces").size()).isEqualTo(3);

                // A deletion through A unbinds and deletes the face in B.
                qiniu.delete(base, "stars", "scarlett-1");
                assertThat(facepass(b.baseUri(), "/api/group/v1/query", "{\"group_name\":\"stars\"}").at("/data/faces").size())
                        .isEqualTo(2);
                qiniu.missTheDeletedStar(base);
            }
        }
    }

    /**
     * B's SenseTime dialect, with one account, through {@code connector: sensetime} with that
     * account: B answers the first search as a task (its faces untrained, its async.min-faces 1)
     * and A follows it; the faces live in B as face_ids of a faceset.
     */
    @Test
    void aQiniuClientEnrolsAndSearchesThroughTheSensetimeConnectorAndBsSensetimeDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b")))
                .withOverrides(GatewayFixtures.untrainedSensetimeSearchesAreTasks(API_ID, API_SECRET)))) {
            try (Gateway a = gatewayA("""
                      st:
                        type: remote
                        connector: sensetime
                        base-url: %s/sensetime
                        api-id: %s
                        api-secret: %s
                        tenant: %s
                    """.formatted(b.baseUri(), API_ID, API_SECRET, AK))) {
                URI base = a.baseUri();
                qiniu.enrolAndFindTheStars(base);

                // The faces live in B, as SenseTime knows them: three face_ids of the faceset "stars".
                JsonNode facesets = sensetime(b.baseUri(), "/info/list_facesets", "");
                assertThat(facesets.path("facesets").findValuesAsText("name")).containsExactly("stars");
                String facesetId = facesets.at("/facesets/0/faceset_id").asText();
                assertThat(sensetime(b.baseUri(), "/info/faceset", "&faceset_id=" + facesetId).path("face_ids").size()).isEqualTo(3);

                // A deletion through A removes the face from B's faceset.
                qiniu.delete(base, "stars", "scarlett-1");
                assertThat(sensetime(b.baseUri(), "/info/faceset", "&faceset_id=" + facesetId).path("face_ids").size()).isEqualTo(2);
                qiniu.missTheDeletedStar(base);
            }
        }
    }

    /**
     * Gateway A: no engine of its own, the given remote engine as its default (its name and
     * settings, indented by two as under {@code engines:}), and Qiniu's access key.
     */
    private Gateway gatewayA(String engine) throws Exception {
        String name = engine.strip().substring(0, engine.strip().indexOf(':'));
        Path config = Files.writeString(work.resolve("a.yaml"), """
                engines:
                  local:
                    enabled: false
                %s    index-file: %s
                    timeout: 30s
                routing:
                  default-engine: %s
                dialects:
                  qiniu:
                    keys:
                      - {access-key: %s, secret-key: %s}
                """.formatted(engine, work.resolve("a-index.json"), name, AK, SK));
        return Gateway.start(GatewayFixtures.options(Files.createDirectories(work.resolve("a")), config));
    }

    private JsonNode facepass(URI base, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/facepass" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return GatewayFixtures.JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode sensetime(URI base, String path, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/sensetime" + path + "?api_id=" + API_ID + "&api_secret=" + API_SECRET
                + query)).GET().build();
        return GatewayFixtures.JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
