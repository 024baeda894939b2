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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end evidence, on loopback: gateway B runs the local engine and serves it
 * through its FacePass dialect; gateway A has no engine of its own and serves the Qiniu dialect
 * from B through the FacePass connector. A Qiniu client, its requests signed by Qiniu's official
 * Java SDK, enrols and searches real photos through A: the right person comes back with a high
 * score, a stranger finds no one, and the faces live in B as FacePass face_tokens bound to a group.
 */
class QiniuThroughFacepassEndToEndTest {
    private static final ObjectMapper JSON = QiniuSdkClient.JSON;
    private static final String AK = "e2e-access-key";
    private static final String SK = "e2e-secret-key-not-a-default";

    private final HttpClient http = HttpClient.newHttpClient();
    private final QiniuSdkClient qiniu = new QiniuSdkClient(AK, SK);

    @TempDir
    Path work;

    @Test
    void aQiniuClientEnrolsAndSearchesThroughTheFacepassConnectorAndBsFacepassDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))))) {
            Path configA = Files.writeString(work.resolve("a.yaml"), """
                    engines:
                      local:
                        enabled: false
                      fp:
                        type: remote
                        connector: facepass
                        base-url: %s/facepass
                        tenant: %s
                        index-file: %s
                        timeout: 30s
                    routing:
                      default-engine: fp
                    dialects:
                      qiniu:
                        keys:
                          - {access-key: %s, secret-key: %s}
                    """.formatted(b.baseUri(), AK, work.resolve("a-index.json"), AK, SK));
            try (Gateway a = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(Files.createDirectories(work.resolve("a"))),
                    Optional.of(configA), Map.of()))) {
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

    private JsonNode facepass(URI base, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/facepass" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
