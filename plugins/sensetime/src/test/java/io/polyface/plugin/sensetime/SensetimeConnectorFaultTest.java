package io.polyface.plugin.sensetime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.polyface.engine.remote.RemoteEngineProvider;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SenseTime connector as configuration makes it ({@code type: remote, connector: sensetime}),
 * wrapped by engine-remote's resilience, against WireMock playing a failing SenseTime server: 5xx,
 * connection resets, delays, RATE_LIMIT_EXCEEDED. WireMock's request log counts what reached it.
 */
class SensetimeConnectorFaultTest {
    private static final CollectionRef STARS = new CollectionRef("default", "stars");
    private static final String FACESETS = "{\"status\":\"OK\",\"facesets\":[{\"faceset_id\":\"ec72017732e447a08d4516a9b294750f\","
            + "\"name\":\"stars\"}]}";

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private FaceEngine engine(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "connector", "sensetime",
                "base-url", server.baseUrl(),
                "api-id", "my-id",
                "api-secret", "my-secret",
                "timeout", "500ms",
                "retry.max-attempts", "3",
                "retry.backoff", "10ms",
                "breaker.window", "100",
                "breaker.minimum-calls", "100"));
        settings.putAll(overrides);
        String name = "st-" + UUID.randomUUID().toString().substring(0, 8);
        return new RemoteEngineProvider().create(new EngineContext(name, settings, Path.of("."), Clock.systemUTC()));
    }

    private int lists() {
        return server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/info/list_facesets")).build()).getCount();
    }

    @Test
    void aReadIsRetriedWithinBoundsOnInternalErrorsAndAWriteIsSentOnceOnAReset() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(500)
                .withBody("{\"status\":\"INTERNAL_ERROR\",\"reason\":\"the face store cannot be reached; try again later\"}")));
        try (FaceEngine engine = engine(Map.of())) {
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(lists()).isEqualTo(3);

            server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(200).withBody(FACESETS)));
            server.stubFor(post(urlEqualTo("/face/detection")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, ""))))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo("/face/detection")).build()).getCount()).isEqualTo(1);
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo("/faceset/add_face")).build()).getCount()).isZero();
        }
    }

    @Test
    void aSlowServerTimesOut() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(200).withBody(FACESETS)
                .withFixedDelay(2000)));
        try (FaceEngine engine = engine(Map.of("timeout", "200ms", "retry.max-attempts", "2"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void rateLimitExceededPausesTheEngineUntilTheReset() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Limit", "50").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "30")
                .withBody("{\"status\":\"RATE_LIMIT_EXCEEDED\"}")));
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "100ms"))) {
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.RateLimited.class);
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.RateLimited.class);
        }
        assertThat(lists()).isEqualTo(1);
    }

    @Test
    void aWindowRunningOutIsWaitedForWhenTheResetIsNear() {
        server.stubFor(get(urlPathEqualTo("/info/list_facesets")).willReturn(aResponse().withStatus(200)
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
