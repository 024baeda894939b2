package io.polyface.plugin.sensetime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.BaseConnectorFaultTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SenseTime connector against a failing SenseTime server (see {@link BaseConnectorFaultTest}),
 * RATE_LIMIT_EXCEEDED and its rate-limit headers among its answers.
 */
class SensetimeConnectorFaultTest extends BaseConnectorFaultTest {
    private static final String LIST = "/info/list_facesets";
    private static final String FACESETS = "{\"status\":\"OK\",\"facesets\":[{\"faceset_id\":\"ec72017732e447a08d4516a9b294750f\","
            + "\"name\":\"stars\"}]}";

    SensetimeConnectorFaultTest() {
        super(new Vendor("sensetime", "default", Map.of("api-id", "my-id", "api-secret", "my-secret"), Call.get(urlPathEqualTo(LIST)),
                new Answer(200, "{\"status\":\"OK\",\"facesets\":[]}"),
                new Answer(500, "{\"status\":\"INTERNAL_ERROR\",\"reason\":\"the face store cannot be reached; try again later\"}")));
    }

    /** The faceset is found; the detection of the image is reset. */
    @Override
    protected Call stubAnUploadThatIsReset() {
        server.stubFor(listing().stub().willReturn(aResponse().withStatus(200).withBody(FACESETS)));
        return resetOn(Call.post(urlEqualTo("/face/detection")));
    }

    @Override
    protected List<Call> callsAfterTheUpload() {
        return List.of(Call.post(urlEqualTo("/faceset/add_face")));
    }

    @Test
    void aRateLimitAnswerPausesTheEngine() {
        assertARateLimitAnswerPausesTheEngine(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Limit", "50").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "30")
                .withBody("{\"status\":\"RATE_LIMIT_EXCEEDED\"}"));
    }

    @Test
    void aWindowRunningOutIsWaitedForWhenTheResetIsNear() {
        server.stubFor(listing().stub().willReturn(aResponse().withStatus(200)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "1")
                .withBody("{\"status\":\"OK\",\"facesets\":[]}")));
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "3s"))) {
            engine.collections("default");
            long started = System.nanoTime();
            engine.collections("default");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }
}
