package io.polyface.plugin.facepass;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.polyface.engine.remote.RemoteEngineProvider;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
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
 * The FacePass connector as configuration makes it ({@code type: remote, connector: facepass}),
 * wrapped by engine-remote's resilience, against WireMock playing a failing FacePass server:
 * 5xx, connection resets, delays. WireMock's request log counts what reached the server.
 */
class FacepassConnectorFaultTest {
    private static final CollectionRef STARS = new CollectionRef("facepass", "stars");
    private static final String GROUPS = "{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"groups\":[]}}";

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
                "connector", "facepass",
                "base-url", server.baseUrl(),
                "timeout", "500ms",
                "retry.max-attempts", "3",
                "retry.backoff", "10ms",
                "breaker.window", "100",
                "breaker.minimum-calls", "100",
                "breaker.open-for", "300ms",
                "breaker.half-open-calls", "1"));
        settings.putAll(overrides);
        String name = "fp-" + UUID.randomUUID().toString().substring(0, 8);
        return new RemoteEngineProvider().create(new EngineContext(name, settings, Path.of("."), Clock.systemUTC()));
    }

    private int lists() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/api/group/v1/list")).build()).getCount();
    }

    @Test
    void aReadIsRetriedWithinBoundsOnInternalErrorsAndAWriteIsSentOnceOnAReset() {
        server.stubFor(get(urlEqualTo("/api/group/v1/list")).willReturn(aResponse().withStatus(500)
                .withBody("{\"code\":105000,\"message\":\"INTERNAL_ERROR\",\"timestamp\":1,\"timecost\":1,\"data\":{}}")));
        server.stubFor(post(urlEqualTo("/api/group/v1/query")).willReturn(aResponse().withStatus(200)
                .withBody("{\"code\":0,\"message\":\"\",\"timestamp\":1,\"timecost\":1,\"data\":{\"group_name\":\"stars\",\"faces\":[]}}")));
        server.stubFor(post(urlEqualTo("/api/face/v1/add")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (FaceEngine engine = engine(Map.of())) {
            assertThatThrownBy(() -> engine.collections("facepass")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(lists()).isEqualTo(3);

            assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo("/api/face/v1/add")).build()).getCount()).isEqualTo(1);
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo("/api/group/v1/bind")).build()).getCount()).isZero();
        }
    }

    @Test
    void theBreakerOpensOnA5xxBackendStopsCallingAndClosesWhenItRecovers() throws Exception {
        server.stubFor(get(urlEqualTo("/api/group/v1/list")).willReturn(aResponse().withStatus(503).withBody("<html/>")));
        try (FaceEngine engine = engine(Map.of("retry.max-attempts", "1", "breaker.window", "4", "breaker.minimum-calls", "4"))) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> engine.collections("facepass")).isInstanceOf(FaceException.BackendUnavailable.class);
            }
            assertThatThrownBy(() -> engine.collections("facepass")).isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasCauseInstanceOf(CallNotSent.class);
            assertThat(lists()).isEqualTo(4);
            assertThat(engine.health().ready()).isFalse();

            server.stubFor(get(urlEqualTo("/api/group/v1/list")).willReturn(aResponse().withStatus(200).withBody(GROUPS)));
            Thread.sleep(400);
            assertThat(engine.collections("facepass")).isEmpty();
            assertThat(lists()).isEqualTo(5);
        }
    }

    @Test
    void aSlowServerTimesOut() {
        server.stubFor(get(urlEqualTo("/api/group/v1/list")).willReturn(aResponse().withStatus(200).withBody(GROUPS).withFixedDelay(2000)));
        try (FaceEngine engine = engine(Map.of("timeout", "200ms", "retry.max-attempts", "2"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> engine.collections("facepass")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
    }
}
