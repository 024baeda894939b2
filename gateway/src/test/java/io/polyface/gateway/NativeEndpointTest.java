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
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /native/v1} over real HTTP, on an in-memory engine: off without a token, the token's checks, limits, reload. */
class NativeEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private String config(String nativeSection) {
        return "server:\n  max-body-bytes: 2048\n" + GatewayFixtures.onlyAFakeEngine("n") + "  reload-interval: PT0.2S\n"
                + nativeSection + "\n";
    }

    private Gateway start(Path file) {
        return Gateway.start(GatewayFixtures.options(data, file));
    }

    @Test
    void withoutATokenTheProtocolIsOff() throws Exception {
        try (Gateway gateway = start(Files.writeString(data.resolve("p.yaml"), config("")))) {
            HttpResponse<String> off = call(gateway.baseUri(), "collections", "{\"tenant\":\"t\"}", "Bearer anything-at-all-here");
            assertThat(off.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(off.body()).get("error").get("message").asText()).contains("off");
        }
    }

    @Test
    void tokensAreCheckedBodiesLimitedAndTheTokenReloaded() throws Exception {
        String first = "first-token-" + UUID.randomUUID();
        String second = "second-token-" + UUID.randomUUID();
        String engineSection = "native:\n  token: " + first + "\n";
        Path file = Files.writeString(data.resolve("p.yaml"), config(engineSection));
        try (Gateway gateway = start(file)) {
            URI base = gateway.baseUri();
            assertThat(call(base, "collections", "{\"tenant\":\"t\"}", null).statusCode()).isEqualTo(401);
            assertThat(call(base, "collections", "{\"tenant\":\"t\"}", "Bearer " + second).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = call(base, "collections", "{\"tenant\":\"t\"}", "Bearer " + first);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).get("result").isArray()).isTrue();

            HttpResponse<String> unknown = call(base, "dropEverything", "{}", "Bearer " + first);
            assertThat(unknown.statusCode()).isEqualTo(404);
            HttpResponse<String> missing = call(base, "collection", "{}", "Bearer " + first);
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(missing.body()).get("error").get("field").asText()).isEqualTo("ref");
            HttpResponse<String> notFound = call(base, "deleteCollection", "{\"ref\":{\"tenant\":\"t\",\"name\":\"none\"}}",
                    "Bearer " + first);
            assertThat(notFound.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(notFound.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("NotFound");
            assertThat(error.get("resource").asText()).isEqualTo("COLLECTION");
            assertThat(error.get("id").asText()).isEqualTo("none");

            HttpResponse<String> large = call(base, "detect", "{\"image\":\"" + "A".repeat(4000) + "\"}", "Bearer " + first);
            assertThat(large.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(large.body()).get("error").get("type").asText()).isEqualTo("ImageTooLarge");

            Files.writeString(file, config("native:\n  token: " + second + "\n"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (call(base, "collections", "{\"tenant\":\"t\"}", "Bearer " + second).statusCode() != 200
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(call(base, "collections", "{\"tenant\":\"t\"}", "Bearer " + second).statusCode()).isEqualTo(200);
            assertThat(call(base, "collections", "{\"tenant\":\"t\"}", "Bearer " + first).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> call(URI base, String call, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/native/v1/" + call))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
