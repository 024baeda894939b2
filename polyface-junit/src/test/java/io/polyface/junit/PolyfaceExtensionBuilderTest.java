package io.polyface.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension registered in code with a configuration of the test's own, state kept for the whole
 * class, and a nested class on the same server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolyfaceExtensionBuilderTest {
    @RegisterExtension
    static final PolyfaceExtension POLYFACE = PolyfaceExtension.builder()
            .dialects("facepass")
            .configYaml("""
                    dialects:
                      facepass:
                        version: v9.9.9-test
                    """)
            .reset(Reset.PER_CLASS)
            .build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void theTestsOwnSettingsAreInForce() throws Exception {
        assertThat(get("/api/version/v1").body()).contains("v9.9.9-test");
        assertThat(POLYFACE.baseUrl("facepass")).isEqualTo(POLYFACE.server().baseUri() + "/facepass");
    }

    @Test
    @Order(2)
    void aTestCreatesAGroup() throws Exception {
        assertThat(code(post("/api/group/v1/create", "{\"group_name\":\"shared\"}"))).isZero();
    }

    @Test
    @Order(3)
    void theNextTestOfTheClassStillSeesIt() throws Exception {
        assertThat(post("/api/group/v1/create", "{\"group_name\":\"shared\"}").body()).contains("GROUP_NAME_CONFLICT");
    }

    @Nested
    class Inner {
        @Test
        void sharesTheOuterClasssServer(PolyfaceServer polyface) {
            assertThat(polyface).isSameAs(POLYFACE.server());
        }
    }

    private static int code(HttpResponse<String> answer) throws Exception {
        return new ObjectMapper().readTree(answer.body()).path("code").asInt(-1);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(POLYFACE.baseUrl("facepass") + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(POLYFACE.baseUrl("facepass") + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
