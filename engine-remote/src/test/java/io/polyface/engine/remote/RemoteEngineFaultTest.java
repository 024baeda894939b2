package io.polyface.engine.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.toolkit.connector.WireMockBackend;
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
 * WireMock stands in for another Polyface's native endpoint, with its faults: 5xx, connection
 * resets, delays, rate-limit answers. Each test counts the requests that reached it.
 */
class RemoteEngineFaultTest {
    private static final String TOKEN = "test-token-" + UUID.randomUUID();
    private static final CollectionRef REF = new CollectionRef("t1", "people");
    private static final String EMPTY_LIST = "{\"result\":[]}";

    private WireMockServer backend;
    private final String engineName = "remote-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startBackend() {
        backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop();
    }

    /**
     * An engine over the stand-in backend. Its time limit is generous: the first call of a cold JVM
     * on a busy machine can take over half a second, and a call cut off by the time limiter counts
     * as a timeout, not as the failure a test expects. Only {@link #aSlowBackendTimesOut} sets a short one.
     */
    private FaceEngine engine(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "connector", "polyface",
                "base-url", backend.baseUrl(),
                "token", TOKEN,
                "timeout", "5s",
                "retry.max-attempts", "3",
                "retry.backoff", "10ms",
                "breaker.window", "4",
                "breaker.minimum-calls", "4",
                "breaker.open-for", "300ms",
                "breaker.half-open-calls", "1"));
        settings.putAll(overrides);
        return new RemoteEngineProvider().create(new EngineContext(engineName, settings, Path.of("."), Clock.systemUTC()));
    }

    private void answer(String call, int status, String body) {
        backend.stubFor(post(urlEqualTo("/native/v1/" + call))
                .willReturn(WireMockBackend.json(status, body)));
    }

    private int requests(String call) {
        return backend.countRequestsMatching(postRequestedFor(urlEqualTo("/native/v1/" + call)).build()).getCount();
    }

    @Test
    void answersAndTheBearerTokenGoThrough() {
        answer("collections", 200, EMPTY_LIST);
        try (FaceEngine engine = engine(Map.of())) {
            assertThat(engine.collections("t1")).isEmpty();
        }
        backend.verify(1, postRequestedFor(urlEqualTo("/native/v1/collections"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalTo("{\"tenant\":\"t1\"}")));
    }

    @Test
    void aCallersMistakeIsRebuiltExactlyAndNeitherRetriedNorHeldAgainstTheBackend() {
        answer("collection", 404, "{\"error\":{\"type\":\"NotFound\",\"category\":\"USER\",\"message\":\"collection not found: people\","
                + "\"resource\":\"COLLECTION\",\"id\":\"people\"}}");
        try (FaceEngine engine = engine(Map.of())) {
            for (int i = 0; i < 6; i++) {
                assertThatThrownBy(() -> engine.collection(REF)).isInstanceOfSatisfying(FaceException.NotFound.class,
                        e -> assertThat(e.id()).isEqualTo("people"));
            }
            assertThat(engine.health().details()).containsEntry("breaker", "CLOSED");
        }
        assertThat(requests("collection")).isEqualTo(6);
    }

    @Test
    void readsAreRetriedWithinBoundsAndWritesAreNeverSentTwice() {
        answer("collections", 503, "{\"error\":{\"type\":\"BackendUnavailable\",\"category\":\"EXTERNAL\",\"message\":\"db down\"}}");
        backend.stubFor(post(urlEqualTo("/native/v1/addFaces")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (FaceEngine engine = engine(Map.of("breaker.minimum-calls", "100", "breaker.window", "100"))) {
            assertThatThrownBy(() -> engine.collections("t1")).isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasMessageContaining("db down");
            assertThat(requests("collections")).isEqualTo(3);

            assertThatThrownBy(() -> engine.addFaces(REF, List.of(NewFace.of(new byte[] {1}, "alice"))))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(requests("addFaces")).isEqualTo(1);
        }
        assertThat(counter("polyface.remote.retries", "call", "collections")).isEqualTo(2);
        assertThat(counter("polyface.remote.calls", "call", "addFaces", "outcome", "failure")).isEqualTo(1);
    }

    @Test
    void aWriteThatNeverReachedTheBackendMayBeTriedAgain() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FaceEngine engine = engine(Map.of("base-url", "http://127.0.0.1:" + closedPort,
                "breaker.minimum-calls", "100", "breaker.window", "100"))) {
            assertThatThrownBy(() -> engine.addFaces(REF, List.of(NewFace.of(new byte[] {1}, "alice"))))
                    .isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasCauseInstanceOf(CallNotSent.class);
        }
        assertThat(counter("polyface.remote.retries", "call", "addFaces")).isEqualTo(2);
    }

    @Test
    void theBreakerOpensOnFailuresStopsCallingAndClosesWhenTheBackendRecovers() throws Exception {
        answer("collections", 500, "{\"error\":{\"type\":\"Internal\",\"category\":\"INTERNAL\",\"message\":\"boom\"}}");
        try (FaceEngine engine = engine(Map.of("retry.max-attempts", "1"))) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> engine.collections("t1")).isInstanceOf(FaceException.Internal.class);
            }
            assertThat(breakerState()).isEqualTo(1.0);
            assertThat(engine.health().ready()).isFalse();

            // Open: refused here, not sent.
            assertThatThrownBy(() -> engine.collections("t1"))
                    .isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasCauseInstanceOf(CallNotSent.class);
            assertThat(requests("collections")).isEqualTo(4);

            answer("collections", 200, EMPTY_LIST);
            Thread.sleep(400);
            assertThat(engine.collections("t1")).isEmpty();
            assertThat(breakerState()).isEqualTo(0.0);
            assertThat(requests("collections")).isEqualTo(5);
        }
        assertThat(counter("polyface.remote.calls", "call", "collections", "outcome", "rejected_by_breaker")).isEqualTo(1);
        assertThat(counter("polyface.remote.breaker.transitions", "from", "CLOSED", "to", "OPEN")).isEqualTo(1);
        assertThat(counter("polyface.remote.breaker.transitions", "from", "HALF_OPEN", "to", "CLOSED")).isEqualTo(1);
    }

    @Test
    void aSlowBackendTimesOut() {
        backend.stubFor(post(urlEqualTo("/native/v1/collections"))
                .willReturn(aResponse().withStatus(200).withBody(EMPTY_LIST).withFixedDelay(10_000)));
        try (FaceEngine engine = engine(Map.of("timeout", "200ms", "retry.max-attempts", "2"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> engine.collections("t1")).isInstanceOf(FaceException.BackendUnavailable.class);
            // Two cut-off attempts take about 0.4 s; one that waited for the answer would take 10 s.
            // The bound leaves room for a loaded machine and still tells the two apart.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(5000));
        }
        // Two attempts of 200 ms each, both cut off (WireMock logs a request only once it has answered).
        assertThat(counter("polyface.remote.retries", "call", "collections")).isEqualTo(1);
        assertThat(counter("polyface.remote.calls", "call", "collections", "outcome", "timeout")).isEqualTo(1);
    }

    @Test
    void aTimeoutTheHttpClientNoticesFirstIsCountedAsATimeout() {
        // The connector's request carries the same timeout as the time limiter: under load either
        // may fire first, and the call is a timeout either way.
        assertThat(ResilientEngine.outcome(new FaceException.BackendUnavailable("collections timed out",
                new java.net.http.HttpTimeoutException("request timed out")))).isEqualTo(RemoteMetrics.Outcome.TIMEOUT);
        assertThat(ResilientEngine.outcome(new FaceException.BackendUnavailable("took longer than 200 ms",
                new java.util.concurrent.TimeoutException()))).isEqualTo(RemoteMetrics.Outcome.TIMEOUT);
        assertThat(ResilientEngine.outcome(new FaceException.BackendUnavailable("connection reset",
                new java.io.IOException("reset")))).isEqualTo(RemoteMetrics.Outcome.FAILURE);
    }

    @Test
    void theBackendsOwnRateLimitIsHonoured() {
        backend.stubFor(post(urlEqualTo("/native/v1/collections")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30").withBody("{\"error\":{\"type\":\"RateLimited\",\"category\":\"RESOURCE\","
                        + "\"message\":\"slow down\"}}")));
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "100ms"))) {
            assertThatThrownBy(() -> engine.collections("t1")).isInstanceOf(FaceException.RateLimited.class);
            // The first 429 set a 30 s pause: the retries and the next call are held back, not sent.
            assertThatThrownBy(() -> engine.collections("t1")).isInstanceOf(FaceException.RateLimited.class)
                    .hasMessageContaining("not sent");
            assertThat(engine.health().details()).containsKey("backend-pause");
        }
        assertThat(requests("collections")).isEqualTo(1);
    }

    @Test
    void anExhaustedWindowIsWaitedOutWhenItResetsSoon() {
        backend.stubFor(post(urlEqualTo("/native/v1/collections")).willReturn(aResponse().withStatus(200)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "2").withBody(EMPTY_LIST)));
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "3s", "timeout", "5s"))) {
            engine.collections("t1");
            long started = System.nanoTime();
            engine.collections("t1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1000));
        }
        assertThat(counter("polyface.remote.retries", "call", "collections")).isZero();
        assertThat(requests("collections")).isEqualTo(2);
    }

    @Test
    void aFullBulkheadRefusesWithoutSending() throws Exception {
        backend.stubFor(post(urlEqualTo("/native/v1/collections"))
                .willReturn(aResponse().withStatus(200).withBody(EMPTY_LIST).withFixedDelay(1000)));
        answer("featureVersions", 200, EMPTY_LIST);
        try (FaceEngine engine = engine(Map.of("bulkhead.max-concurrent", "1", "timeout", "3s"))) {
            Thread slow = Thread.ofVirtual().start(() -> engine.collections("t1"));
            Thread.sleep(300);
            assertThatThrownBy(engine::featureVersions).isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasCauseInstanceOf(CallNotSent.class).hasMessageContaining("too many calls");
            slow.join();
        }
        assertThat(requests("featureVersions")).isZero();
        assertThat(counter("polyface.remote.calls", "call", "featureVersions", "outcome", "bulkhead_full")).isEqualTo(1);
    }

    @Test
    void withoutAConnectorOrATokenTheEngineDoesNotStart() {
        assertThatThrownBy(() -> engine(Map.of("connector", "nosuch"))).hasMessageContaining("polyface");
        Map<String, String> noToken = new HashMap<>(Map.of("connector", "polyface", "base-url", backend.baseUrl()));
        assertThatThrownBy(() -> new RemoteEngineProvider().create(
                new EngineContext("x", noToken, Path.of("."), Clock.systemUTC()))).hasMessageContaining("token");
    }

    private double breakerState() {
        return Metrics.globalRegistry().gauge("polyface.remote.breaker.state", List.of(Tag.create("engine", engineName)))
                .map(Gauge::value).map(Number::doubleValue).orElseThrow();
    }

    private long counter(String name, String... tags) {
        List<Tag> all = new java.util.ArrayList<>();
        all.add(Tag.create("engine", engineName));
        for (int i = 0; i < tags.length; i += 2) {
            all.add(Tag.create(tags[i], tags[i + 1]));
        }
        return Metrics.globalRegistry().meters().stream()
                .filter(m -> m instanceof Counter && m.id().name().equals(name))
                .filter(m -> {
                    List<Tag> have = new java.util.ArrayList<>();
                    m.id().tags().forEach(have::add);
                    return have.containsAll(all);
                })
                .mapToLong(m -> ((Counter) m).count())
                .sum();
    }
}
