package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qiniu dialect over real HTTP with the local engine: signed requests on the main port (under
 * {@code /qiniu}) and on the dialect's own port (bare paths), and face and image groups that are
 * all still there after a restart on the same data.
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
            String data = method + " " + uri.getPath() + "\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + (contentType == null ? "" : "\nContent-Type: " + contentType) + "\n\n" + body;
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SK.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String sign = Base64.getUrlEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            request.header("Authorization", "Qiniu " + AK + ":" + sign);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
