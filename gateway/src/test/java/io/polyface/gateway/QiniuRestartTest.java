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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qiniu dialect over real HTTP with the local engine: requests signed by Qiniu's official Java
 * SDK on the main port (under {@code /qiniu}) and on the dialect's own port (bare paths), a tampered
 * one refused, and face and image groups that are all still there after a restart on the same data.
 */
class QiniuRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    private static final String AK = "restart-ak";
    private static final String SK = "restart-secret";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private GatewayOptions options() {
        return GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "dialects.qiniu.port", "0",
                "dialects.qiniu.keys.0.access-key", AK,
                "dialects.qiniu.keys.0.secret-key", SK));
    }

    @Test
    void groupsFacesAndImageDescriptorsSurviveARestart() throws Exception {
        String photo = dataUri("obama/facerec_obama.jpg");
        try (Gateway gateway = Gateway.start(options())) {
            URI main = gateway.baseUri();
            URI own = URI.create("http://127.0.0.1:" + gateway.dialectPort("qiniu").orElseThrow());
            assertThat(send(main, "POST", "/qiniu/v1/face/groups/people", "{\"config\":{\"capacity\":10}}", true).statusCode()).isEqualTo(200);
            assertThat(send(own, "POST", "/v1/image/groups/pictures", "{\"config\":{\"capacity\":10}}", true).statusCode()).isEqualTo(200);
            assertThat(send(main, "POST", "/qiniu/v1/face/groups/people/add",
                    "{\"image\":{\"id\":\"obama-1\",\"uri\":\"" + photo + "\",\"tag\":\"obama\"}}", true).statusCode()).isEqualTo(200);
            assertThat(send(own, "POST", "/v1/image/groups/pictures/add",
                    "{\"image\":{\"id\":\"pic-1\",\"uri\":\"" + photo + "\",\"desc\":{\"k\":[1,true]}}}", true).statusCode()).isEqualTo(200);
            assertThat(send(own, "GET", "/v1/face/groups", "", false).statusCode()).as("unsigned").isEqualTo(401);
            assertThat(tampered(main).statusCode()).as("body changed after signing").isEqualTo(401);
        }
        try (Gateway again = Gateway.start(options())) {
            URI main = again.baseUri();
            JsonNode faces = JSON.readTree(send(main, "POST", "/qiniu/v1/face/groups/people/search",
                    "{\"images\":[\"" + dataUri("obama/facerec_obama3.jpg") + "\"]}", true).body());
            assertThat(faces.at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("obama-1");
            JsonNode images = JSON.readTree(send(main, "POST", "/qiniu/v1/image/groups/pictures/search",
                    "{\"images\":[\"" + photo + "\"]}", true).body());
            assertThat(images.at("/search_results/0/results/0/id").asText()).isEqualTo("pic-1");
            assertThat(images.at("/search_results/0/results/0/score").asDouble()).isEqualTo(1.0);
            assertThat(images.at("/search_results/0/results/0/desc").toString()).isEqualTo("{\"k\":[1,true]}");
        }
    }

    /** A request whose body was changed after the SDK signed it. */
    private HttpResponse<String> tampered(URI base) throws Exception {
        URI uri = base.resolve("/qiniu/v1/face/groups/people/delete");
        Headers headers = Auth.create(AK, SK).qiniuAuthorization(uri.toString(), "POST",
                "{\"ids\":[\"nothing\"]}".getBytes(StandardCharsets.UTF_8), new Headers.Builder().set("Content-Type", "application/json").build());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"obama-1\"]}"));
        for (String name : headers.names()) {
            request.header(name, headers.get(name));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String dataUri(String file) throws Exception {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(FACES.resolve(file)));
    }

    private HttpResponse<String> send(URI base, String method, String path, String body, boolean signed) throws Exception {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        String contentType = body.isEmpty() ? null : "application/json";
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signed) {
            // Signed by Qiniu's own SDK, with the X-Qiniu-Date header it adds.
            Headers.Builder given = new Headers.Builder();
            if (contentType != null) {
                given.set("Content-Type", contentType);
            }
            Headers headers = Auth.create(AK, SK).qiniuAuthorization(uri.toString(), method,
                    body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8), given.build());
            for (String name : headers.names()) {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    request.header(name, headers.get(name));
                }
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
