package io.polyface.plugin.qiniu;

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
 * The Qiniu connector as configuration makes it ({@code type: remote, connector: qiniu}), wrapped
 * by engine-remote's resilience, against WireMock playing a failing Qiniu service: 5xx, connection
 * resets, delays, a 429 with Retry-After. WireMock's request log counts what reached the service.
 */
class QiniuConnectorFaultTest {
    private static final CollectionRef STARS = new CollectionRef("default", "stars");

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
                "connector", "qiniu",
                "base-url", server.baseUrl(),
                "access-key", "fault-ak",
                "secret-key", "fault-secret-key",
                "timeout", "500ms",
                "retry.max-attempts", "3",
                "retry.backoff", "10ms",
                "breaker.window", "100",
                "breaker.minimum-calls", "100",
                "breaker.open-for", "300ms"));
        settings.putAll(overrides);
        String name = "qn-" + UUID.randomUUID().toString().substring(0, 8);
        return new RemoteEngineProvider().create(new EngineContext(name, settings, Path.of("."), Clock.systemUTC()));
    }

    private int lists() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/v1/face/groups")).build()).getCount();
    }

    @Test
    void aReadIsRetriedWithinBoundsAndAWriteIsSentOnceOnAReset() {
        server.stubFor(get(urlEqualTo("/v1/face/groups")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"busy\"}")));
        server.stubFor(post(urlEqualTo("/v1/face/groups/stars/add")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (FaceEngine engine = engine(Map.of())) {
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(lists()).isEqualTo(3);
            assertThatThrownBy(() -> engine.addFaces(STARS, List.of(NewFace.of(new byte[] {1}, "a"))))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/face/groups/stars/add")).build()).getCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void theBreakerOpensStopsCallingAndClosesWhenTheServiceRecovers() throws Exception {
        server.stubFor(get(urlEqualTo("/v1/face/groups")).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"internal error\"}")));
        try (FaceEngine engine = engine(Map.of("retry.max-attempts", "1", "breaker.window", "4", "breaker.minimum-calls", "4",
                "breaker.half-open-calls", "1"))) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.BackendUnavailable.class);
            }
            assertThatThrownBy(() -> engine.collections("default")).hasCauseInstanceOf(CallNotSent.class);
            assertThat(lists()).isEqualTo(4);

            server.stubFor(get(urlEqualTo("/v1/face/groups")).willReturn(aResponse().withStatus(200).withBody("{\"groups\":[]}")));
            Thread.sleep(400);
            assertThat(engine.collections("default")).isEmpty();
            assertThat(lists()).isEqualTo(5);
        }
    }

    @Test
    void aSlowServiceTimesOutAndA429PausesTheEngine() {
        server.stubFor(get(urlEqualTo("/v1/face/groups")).willReturn(aResponse().withStatus(200).withBody("{\"groups\":[]}")
                .withFixedDelay(2000)));
        try (FaceEngine engine = engine(Map.of("timeout", "200ms", "retry.max-attempts", "2"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
        server.resetAll();
        server.stubFor(get(urlEqualTo("/v1/face/groups")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody("{\"error\":\"slow down\"}")));
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "100ms"))) {
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.RateLimited.class);
            assertThatThrownBy(() -> engine.collections("default")).isInstanceOf(FaceException.RateLimited.class);
        }
        assertThat(lists()).isEqualTo(1);
    }
}
