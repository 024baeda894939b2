package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.base64Photo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.engine.testing.SmallDisk;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway on a data directory whose disk fills up, over real HTTP with the real models: the
 * dialects answer a write with their storage error, readiness answers 503 while searches go on, and
 * once space is freed it answers 200 again within 10 s and writes work, with every acknowledged face
 * still there after a restart. The disk is a small tmpfs the test mounts (it needs root, as the
 * project's machines and CI have; without it the test fails and says so).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FullDiskEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dmai/api/v1/engine/recocomp";
    private static final String DISK_SIZE = "48m";
    private static final long LEFT_FREE = 1024 * 1024;
    private static final int MAX_WRITES = 300;
    private static final int MAX_REFILLS = 20;
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmallDisk disk = new SmallDisk(DISK_SIZE);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void writesGetTheDialectsStorageErrorAndReadinessIsDownUntilSpaceReturns() throws Exception {
        Path data = disk.resolve("data");
        String photo = base64Photo("obama/facerec_obama1.jpg");
        int acknowledged = 0;
        try (Gateway gateway = Gateway.start(GatewayOptions.ephemeral(data))) {
            URI base = gateway.baseUri();
            assertThat(post(base, API + "/create/collection", "{\"collection_name\":\"full\"}").get("err_code").asInt()).isZero();
            assertThat(ready(base).statusCode()).isEqualTo(200);

            disk.fill("filler", LEFT_FREE);
            JsonNode failed = null;
            for (int i = 0; i < MAX_WRITES && failed == null; i++) {
                JsonNode inserted = insert(base, photo, "p" + i);
                if (inserted.get("err_code").asInt() == 0 && inserted.get("success_num").asInt() == 1) {
                    acknowledged++;
                } else {
                    failed = inserted;
                }
            }
            assertThat(failed).as("no insert failed in %d on a full disk", MAX_WRITES).isNotNull();
            assertThat(failed.get("err_code").asInt()).as(failed.toString()).isEqualTo(1001);

            // Reads go on.
            assertFound(base);

            // A smaller write may still fit where a failed one began or in a gap of H2's file. Once
            // the disk is full to the last block and a small write fails, they all do.
            JsonNode group = null;
            for (int i = 0; i < MAX_REFILLS && (group == null || group.get("code").asInt() == 0); i++) {
                disk.fill("rest-" + i, 0);
                group = JSON.readTree(send(base, "POST", "/facepass/api/group/v1/create",
                        "{\"group_name\":\"lobby" + i + "\"}").body());
            }
            assertThat(group.get("code").asInt()).as(group.toString()).isEqualTo(105000);
            JsonNode full = insert(base, photo, "full");
            assertThat(full.get("err_code").asInt()).as(full.toString()).isEqualTo(1001);
            HttpResponse<String> down = ready(base);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("cannot write").contains("No space left on device");
            assertFound(base);

            disk.deleteFillers();
            long freed = System.nanoTime();
            while (ready(base).statusCode() != 200) {
                assertThat(Duration.ofNanos(System.nanoTime() - freed)).as("time to recover").isLessThan(RECOVERY_LIMIT);
                Thread.sleep(20);
            }
            Duration recovered = Duration.ofNanos(System.nanoTime() - freed);
            assertThat(insert(base, photo, "after").get("err_code").asInt()).isZero();
            acknowledged++;
            System.out.printf("gateway: readiness 200 and writing %d ms after space returned%n", recovered.toMillis());
            assertThat(featureCount(base)).isGreaterThanOrEqualTo(acknowledged);
        }

        try (Gateway again = Gateway.start(GatewayOptions.ephemeral(data))) {
            assertThat(ready(again.baseUri()).statusCode()).isEqualTo(200);
            assertThat(featureCount(again.baseUri())).isGreaterThanOrEqualTo(acknowledged);
        }
    }

    private void assertFound(URI base) throws Exception {
        JsonNode found = post(base, API + "/face/search", """
                {"collection_name":"full","face_image":"%s","top_k":1}""".formatted(base64Photo("obama/facerec_obama3.jpg")));
        assertThat(found.get("err_code").asInt()).as(found.toString()).isZero();
        assertThat(found.get("status").get(0).get("result").asText()).startsWith("p");
    }

    private JsonNode insert(URI base, String photo, String target) throws Exception {
        return post(base, API + "/face/insert", """
                {"collection_name":"full","face_image":["%s"],"target_id":["%s"]}""".formatted(photo, target));
    }

    private long featureCount(URI base) throws Exception {
        JsonNode status = post(base, API + "/collection/status", "{\"collection_name\":[\"full\"]}");
        return status.get("status").get(0).get("feature_num").asLong();
    }

    private HttpResponse<String> ready(URI base) throws Exception {
        return send(base, "GET", "/observe/health/ready", "");
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        HttpResponse<String> response = send(base, "POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofMinutes(1))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
