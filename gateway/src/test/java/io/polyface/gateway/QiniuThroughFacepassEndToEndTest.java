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
 * The end-to-end evidence, on loopback: gateway B runs the local engine and serves it
 * through its FacePass dialect; gateway A has no engine of its own and serves the Qiniu dialect
 * from B through the FacePass connector. A Qiniu client, its requests signed by Qiniu's official
 * Java SDK, enrols and searches real photos through A: the right person comes back with a high
 * score, a stranger finds no one, and the faces live in B as FacePass face_tokens bound to a group.
 */
class QiniuThroughFacepassEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String AK = "e2e-access-key";
    private static final String SK = "e2e-secret-key-not-a-default";

    private final HttpClient http = HttpClient.newHttpClient();

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
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{\"config\":{\"capacity\":100}}").statusCode())
                        .isEqualTo(200);
                // B's failures reach the Qiniu client in Qiniu's terms: the group exists (FacePass's
                // GROUP_NAME_CONFLICT), a name FacePass refuses (ILLEGAL_ARGUMENT: group_name).
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{}").statusCode()).isEqualTo(409);
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/with-dash", "{}").statusCode()).isEqualTo(400);
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

                // The faces live in B, as FacePass knows them: three face_tokens bound to the group.
                JsonNode group = facepass(b.baseUri(), "/api/group/v1/query", "{\"group_name\":\"stars\"}");
                assertThat(group.at("/data/faces").size()).isEqualTo(3);

                // A deletion through A unbinds and deletes the face in B; an unknown group is Qiniu's 404.
                assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars/delete", "{\"ids\":[\"scarlett-1\"]}").statusCode())
                        .isEqualTo(200);
                assertThat(facepass(b.baseUri(), "/api/group/v1/query", "{\"group_name\":\"stars\"}").at("/data/faces").size())
                        .isEqualTo(2);
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

    private JsonNode facepass(URI base, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/facepass" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
