package io.polyface.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @PolyfaceTest} as a user writes it: the server is injected, serves the dialects asked for
 * (on ports of their own here), and each test starts empty.
 */
@PolyfaceTest(dialects = {"dmai", "qiniu"}, ownPorts = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolyfaceTestAnnotationTest {
    private static final String DMAI = "/api/v1/engine/recocomp";
    private final HttpClient http = HttpClient.newHttpClient();
    private final PolyfaceServer constructed;

    PolyfaceTestAnnotationTest(PolyfaceServer polyface) {
        this.constructed = polyface;
    }

    @Test
    @Order(1)
    void theDialectsAskedForAreServedOnTheirOwnPorts(PolyfaceServer polyface) throws Exception {
        assertThat(polyface).isSameAs(constructed);
        assertThat(polyface.dialects()).containsExactly("dmai", "qiniu");
        assertThat(polyface.baseUrl("dmai")).matches("http://127\\.0\\.0\\.1:\\d+").isNotEqualTo(polyface.baseUri().toString());
        assertThat(get(polyface.baseUrl("dmai") + DMAI + "/version").statusCode()).isEqualTo(200);
        // The generated key is in force: an unsigned Qiniu request is refused.
        assertThat(get(polyface.baseUrl("qiniu") + "/v1/face/groups").statusCode()).isEqualTo(401);
        assertThat(polyface.qiniuKey().accessKey()).isNotBlank();
        assertThatThrownBy(polyface::sensetimeAccount).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> polyface.baseUrl("facepass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[dmai, qiniu]");
        assertThat(polyface.startupTime()).isPositive();
    }

    @Test
    @Order(2)
    void aTestCreatesACollection(PolyfaceServer polyface) throws Exception {
        String created = post(polyface.baseUrl("dmai") + DMAI + "/create/collection", "{\"collection_name\":\"kept\"}").body();
        assertThat(new ObjectMapper().readTree(created).path("err_code").asInt(-1)).as(created).isZero();
        assertThat(collections(polyface)).contains("kept");
    }

    @Test
    @Order(3)
    void theNextTestDoesNotSeeIt(PolyfaceServer polyface) throws Exception {
        assertThat(collections(polyface)).doesNotContain("kept");
    }

    private String collections(PolyfaceServer polyface) throws Exception {
        return post(polyface.baseUrl("dmai") + DMAI + "/collection/status", "{\"collection_name\":[]}").body();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
