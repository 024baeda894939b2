package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qiniu dialect over real HTTP with the local engine: requests signed by Qiniu's official Java
 * SDK on the main port (under {@code /qiniu}) and on the dialect's own port (bare paths), a tampered
 * one refused, and face and image groups that are all still there after a restart on the same data.
 */
class QiniuRestartTest {
    private static final ObjectMapper JSON = QiniuSdkClient.JSON;
    private static final String AK = "restart-ak";
    private static final String SK = "restart-secret";

    private final QiniuSdkClient qiniu = new QiniuSdkClient(AK, SK);

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
        String photo = QiniuSdkClient.dataUri("obama/facerec_obama.jpg");
        try (Gateway gateway = Gateway.start(options())) {
            URI main = gateway.baseUri();
            URI own = URI.create("http://127.0.0.1:" + gateway.dialectPort("qiniu").orElseThrow());
            assertThat(qiniu.send(main, "POST", "/qiniu/v1/face/groups/people", "{\"config\":{\"capacity\":10}}").statusCode()).isEqualTo(200);
            assertThat(qiniu.send(own, "POST", "/v1/image/groups/pictures", "{\"config\":{\"capacity\":10}}").statusCode()).isEqualTo(200);
            assertThat(qiniu.send(main, "POST", "/qiniu/v1/face/groups/people/add",
                    "{\"image\":{\"id\":\"obama-1\",\"uri\":\"" + photo + "\",\"tag\":\"obama\"}}").statusCode()).isEqualTo(200);
            assertThat(qiniu.send(own, "POST", "/v1/image/groups/pictures/add",
                    "{\"image\":{\"id\":\"pic-1\",\"uri\":\"" + photo + "\",\"desc\":{\"k\":[1,true]}}}").statusCode()).isEqualTo(200);
            assertThat(qiniu.unsigned(own, "GET", "/v1/face/groups", "").statusCode()).as("unsigned").isEqualTo(401);
            assertThat(qiniu.tampered(main, "/qiniu/v1/face/groups/people/delete", "{\"ids\":[\"nothing\"]}",
                    "{\"ids\":[\"obama-1\"]}").statusCode()).as("body changed after signing").isEqualTo(401);
        }
        try (Gateway again = Gateway.start(options())) {
            URI main = again.baseUri();
            JsonNode faces = JSON.readTree(qiniu.send(main, "POST", "/qiniu/v1/face/groups/people/search",
                    "{\"images\":[\"" + QiniuSdkClient.dataUri("obama/facerec_obama3.jpg") + "\"]}").body());
            assertThat(faces.at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("obama-1");
            JsonNode images = JSON.readTree(qiniu.send(main, "POST", "/qiniu/v1/image/groups/pictures/search",
                    "{\"images\":[\"" + photo + "\"]}").body());
            assertThat(images.at("/search_results/0/results/0/id").asText()).isEqualTo("pic-1");
            assertThat(images.at("/search_results/0/results/0/score").asDouble()).isEqualTo(1.0);
            assertThat(images.at("/search_results/0/results/0/desc").toString()).isEqualTo("{\"k\":[1,true]}");
        }
    }
}
