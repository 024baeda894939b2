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
 * The end-to-end evidence for the SenseTime connector, on loopback: gateway B runs the local
 * engine and serves it through its SenseTime dialect, with one account; gateway A has no engine of
 * its own and serves the Qiniu dialect from B through {@code connector: sensetime} with that
 * account. A Qiniu client, its requests signed by Qiniu's official Java SDK, enrols and searches
 * real photos through A: the right person comes back with a high score (B answers the first search
 * as a task, its faces being untrained and its async.min-faces 1, and A follows it), a stranger finds
 * no one, and the faces live in B as face_ids of a faceset.
 */
class QiniuThroughSensetimeEndToEndTest {
    private static final ObjectMapper JSON = QiniuSdkClient.JSON;
    private static final String AK = "e2e-access-key";
    private static final String SK = "e2e-secret-key-not-a-default";
    private static final String API_ID = "e2e-sensetime-id";
    private static final String API_SECRET = "e2e-sensetime-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final QiniuSdkClient qiniu = new QiniuSdkClient(AK, SK);

    @TempDir
    Path work;

    @Test
    void aQiniuClientEnrolsAndSearchesThroughTheSensetimeConnectorAndBsSensetimeDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))).withOverrides(Map.of(
                "dialects.sensetime.accounts.0.api-id", API_ID, "dialects.sensetime.accounts.0.api-secret", API_SECRET,
                "dialects.sensetime.default-rate-limit", "1000q/10s",
                // every untrained search is a task, so that the connector follows one
                "dialects.sensetime.async.min-faces", "1")))) {
            Path configA = Files.writeString(work.resolve("a.yaml"), """
                    engines:
                      local:
                        enabled: false
                      st:
                        type: remote
                        connector: sensetime
                        base-url: %s/sensetime
                        api-id: %s
                        api-secret: %s
                        tenant: %s
                        index-file: %s
                        timeout: 30s
                    routing:
                      default-engine: st
                    dialects:
                      qiniu:
                        keys:
                          - {access-key: %s, secret-key: %s}
                    """.formatted(b.baseUri(), API_ID, API_SECRET, AK, work.resolve("a-index.json"), AK, SK));
            try (Gateway a = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(Files.createDirectories(work.resolve("a"))),
                    Optional.of(configA), Map.of()))) {
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

    private JsonNode sensetime(URI base, String path, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/sensetime" + path + "?api_id=" + API_ID + "&api_secret=" + API_SECRET
                + query)).GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
