package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which dialects a gateway serves: every one found, unless {@code dialects.enabled} names some. */
class EnabledDialectsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void withoutTheKeyEveryDialectFoundIsServed() throws Exception {
        try (Gateway gateway = GatewayFixtures.start(data, GatewayFixtures.onlyAFakeEngine("all-dialects"))) {
            assertThat(servedDialects(gateway)).containsExactlyElementsOf(GatewayFixtures.dialectsFound())
                    .contains("dmai", "facepass", "qiniu", "sensetime");
            assertThat(status(gateway, "/dmai/api/v1/engine/recocomp/version")).isEqualTo(200);
        }
    }

    @Test
    void theListNarrowsWhatIsServed() throws Exception {
        String yaml = "dialects:\n  enabled: [qiniu]\n" + GatewayFixtures.onlyAFakeEngine("one-dialect");
        try (Gateway gateway = GatewayFixtures.start(data, yaml)) {
            assertThat(servedDialects(gateway)).containsExactly("qiniu");
            assertThat(status(gateway, "/dmai/api/v1/engine/recocomp/version")).isEqualTo(404);
        }
    }

    private List<String> servedDialects(Gateway gateway) throws IOException, InterruptedException {
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(base(gateway).resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        for (JsonNode dialect : GatewayFixtures.JSON.readTree(index.body()).path("dialects")) {
            ids.add(dialect.path("id").asText());
        }
        return ids;
    }

    private int status(Gateway gateway, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base(gateway).resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static URI base(Gateway gateway) {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }
}
