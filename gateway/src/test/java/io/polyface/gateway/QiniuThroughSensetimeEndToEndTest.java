package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
 * real photos through A: the right person comes back with a high score (B answers the searches as
 * tasks, its faces being untrained, and A follows them), a stranger finds no one, and the faces live
 * in B as face_ids of a faceset.
 */
class QiniuThroughSensetimeEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String AK = "e2e-access-key";
    private static final String SK = "e2e-secret-key-not-a-default";
    private static final String API_ID = "e2e-sensetime-id";
    private static final String API_SECRET = "e2e-sensetime-secret";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void aQiniuClientEnrolsAndSearchesThroughTheSensetimeConnectorAndBsSensetimeDialect() throws Exception {
        try (Gateway b = Gateway.start(GatewayOptions.ephemeral(Files.createDirectories(work.resolve("b"))).withOverrides(Map.of(
                "dialects.sensetime.accounts.0.api-id", API_ID, "dialects.sensetime.accounts.0.api-secret", API_SECRET,
                "dialects.sensetime.default-rate-limit", "1000q/10s")))) {
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
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{\"config\":{\"capacity\":100}}").statusCode())
                        .isEqualTo(200);
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{}").statusCode()).isEqualTo(409);
                enrol(base, "angelina-1", "angelina", "angelina/deepface_img5.jpg");
                enrol(base, "angelina-2", "angelina", "angelina/deepface_img11.jpg");
                enrol(base, "scarlett-1", "scarlett", "scarlett/deepface_img50.jpg");

                JsonNode angelina = search(base, "angelina/deepface_img10.jpg");
                JsonNode best = angelina.at("/search_results/0/faces/0/faces/0");
                assertThat(best.path("tag").asText()).isEqualTo("angelina");
                assertThat(best.path("id").asText()).startsWith("angelina-");
                assertThat(best.path("score").asDouble()).isGreaterThan(0.7);

                JsonNode scarlett = search(base, "scarlett/deepface_img51.jpg");
                assertThat(scarlett.at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("scarlett-1");

                JsonNode stranger = search(base, "jennifer/deepface_img12.jpg");
                assertThat(stranger.at("/search_results/0/faces").size()).as("the stranger's face is found").isEqualTo(1);
                assertThat(stranger.at("/search_results/0/faces/0/faces").size()).as("and matches no one").isZero();

                JsonNode listed = JSON.readTree(send(base, "GET", "/qiniu/v1/face/groups/stars/images", "").body());
                assertThat(listed.path("images").findValuesAsText("id")).containsExactlyInAnyOrder("angelina-1", "angelina-2", "scarlett-1");
                assertThat(send(base, "GET", "/qiniu/v1/face/groups", "").body()).contains("stars");

                // The faces live in B, as SenseTime knows them: three face_ids of the faceset "stars".
                JsonNode facesets = sensetime(b.baseUri(), "/info/list_facesets", "");
                assertThat(facesets.path("facesets").findValuesAsText("name")).containsExactly("stars");
                String facesetId = facesets.at("/facesets/0/faceset_id").asText();
                assertThat(sensetime(b.baseUri(), "/info/faceset", "&faceset_id=" + facesetId).path("face_ids").size()).isEqualTo(3);

                // A deletion through A removes the face from B's faceset; an unknown group is Qiniu's 404.
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars/delete", "{\"ids\":[\"scarlett-1\"]}").statusCode())
                        .isEqualTo(200);
                assertThat(sensetime(b.baseUri(), "/info/faceset", "&faceset_id=" + facesetId).path("face_ids").size()).isEqualTo(2);
                assertThat(search(base, "scarlett/deepface_img51.jpg").at("/search_results/0/faces/0/faces").size()).isZero();
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/nowhere/search",
                        "{\"images\":[\"" + dataUri("angelina/deepface_img10.jpg") + "\"]}").statusCode()).isEqualTo(404);
            }
        }
    }

    private void enrol(URI base, String id, String tag, String photo) throws Exception {
        HttpResponse<String> added = send(base, "POST", "/qiniu/v1/face/groups/stars/add",
                "{\"image\":{\"id\":\"" + id + "\",\"tag\":\"" + tag + "\",\"uri\":\"" + dataUri(photo) + "\"}}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(JSON.readTree(added.body()).path("id").asText()).isEqualTo(id);
    }

    private JsonNode search(URI base, String photo) throws Exception {
        HttpResponse<String> found = send(base, "POST", "/qiniu/v1/face/groups/stars/search",
                "{\"images\":[\"" + dataUri(photo) + "\"]}");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return JSON.readTree(found.body());
    }

    private JsonNode sensetime(URI base, String path, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/sensetime" + path + "?api_id=" + API_ID + "&api_secret=" + API_SECRET
                + query)).GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String dataUri(String file) throws Exception {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(FACES.resolve(file)));
    }

    /** A request signed by Qiniu's own SDK (with the X-Qiniu-Date header it adds). */
    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Headers.Builder given = new Headers.Builder();
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
            given.set("Content-Type", "application/json");
        }
        Headers headers = Auth.create(AK, SK).qiniuAuthorization(uri.toString(), method,
                body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8), given.build());
        for (String name : headers.names()) {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, headers.get(name));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
