package io.polyface.toolkit.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor connector as configuration makes it ({@code type: remote, connector: <id>}), wrapped by
 * the remote engine's resilience (found on the test class path), against WireMock playing a failing
 * vendor server: 5xx, connection resets, delays and, where the vendor has one, its rate-limit
 * answer. WireMock's request log counts what reached the server. A vendor's test says how its
 * server lists collections and fails ({@link Vendor}) and is written to; what it lacks it leaves out.
 */
public abstract class BaseConnectorFaultTest {
    /** The collection the writes go to. */
    protected static final String COLLECTION = "stars";

    protected WireMockServer server;

    private final Vendor vendor;

    /** @param vendor how the vendor's server is reached, lists collections and fails inside */
    protected BaseConnectorFaultTest(Vendor vendor) {
        this.vendor = requireNonNull(vendor, "vendor is null");
    }

    @BeforeEach
    void startServer() {
        server = WireMockBackend.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /**
     * What the fault tests need to know of a vendor's server.
     *
     * @param connector the connector's id ({@code connector: facepass})
     * @param tenant the tenant the connector serves
     * @param settings settings the connector needs besides its base URL: credentials
     * @param listing the call that lists the tenant's collections ({@code collections(tenant)})
     * @param noCollections a successful answer to the listing, of no collections
     * @param internalError the server's own answer when it fails inside (a 5xx in its envelope)
     */
    protected record Vendor(String connector, String tenant, Map<String, String> settings, Call listing, Answer noCollections,
            Answer internalError) {
        public Vendor {
            requireNonNull(connector, "connector is null");
            requireNonNull(tenant, "tenant is null");
            settings = Map.copyOf(settings);
            requireNonNull(listing, "listing is null");
            requireNonNull(noCollections, "noCollections is null");
            requireNonNull(internalError, "internalError is null");
        }
    }

    /** A canned answer of the server: its status and body. */
    protected record Answer(int status, String body) {
        public Answer {
            requireNonNull(body, "body is null");
        }

        /** A new response of this answer, for WireMock to serve. */
        public ResponseDefinitionBuilder response() {
            return aResponse().withStatus(status).withBody(body);
        }
    }

    /** One call of the vendor's API: its method and path, to stub and to count. */
    protected record Call(RequestMethod method, UrlPattern url) {
        public Call {
            requireNonNull(method, "method is null");
            requireNonNull(url, "url is null");
        }

        public static Call get(UrlPattern url) {
            return new Call(RequestMethod.GET, url);
        }

        public static Call post(UrlPattern url) {
            return new Call(RequestMethod.POST, url);
        }

        public MappingBuilder stub() {
            return WireMock.request(method.getName(), url);
        }

        public RequestPatternBuilder requested() {
            return RequestPatternBuilder.newRequestPattern(method, url);
        }
    }

    /** The call that lists the tenant's collections. */
    protected final Call listing() {
        return vendor.listing();
    }

    /** The tenant the connector serves. */
    protected final String tenant() {
        return vendor.tenant();
    }

    /** A 5xx the breaker counts; by default one without the vendor's envelope, as a proxy in front answers. */
    protected ResponseDefinitionBuilder unavailable() {
        return aResponse().withStatus(503).withBody("<html/>");
    }

    /**
     * Stubs what enrolling one face into {@link #COLLECTION} calls, the upload of the image reset by
     * the server, once the listing (stubbed as failing) has been counted.
     *
     * @return the upload, to count
     */
    protected abstract Call stubAnUploadThatIsReset();

    /** Stubs the call to have its connection reset by the server, and returns it. */
    protected final Call resetOn(Call call) {
        server.stubFor(call.stub().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        return call;
    }

    /** Calls that must not follow an upload that failed, to count. */
    protected List<Call> callsAfterTheUpload() {
        return List.of();
    }

    /** The connector wrapped by the remote engine: three attempts of a read, a breaker that does not open by default. */
    protected FaceEngine engine(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "connector", vendor.connector(),
                "base-url", server.baseUrl(),
                "timeout", "500ms",
                "retry.max-attempts", "3",
                "retry.backoff", "10ms",
                "breaker.window", "100",
                "breaker.minimum-calls", "100",
                "breaker.open-for", "300ms",
                "breaker.half-open-calls", "1"));
        settings.putAll(vendor.settings());
        settings.putAll(overrides);
        String name = vendor.connector() + "-" + UUID.randomUUID().toString().substring(0, 8);
        EngineProvider remote = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("remote")).findFirst()
                .orElseThrow(() -> new AssertionError("no remote engine on the test class path"));
        return remote.create(new EngineContext(name, settings, Path.of("."), Clock.systemUTC()));
    }

    protected final int count(Call call) {
        return server.countRequestsMatching(call.requested().build()).getCount();
    }

    /** How many listings reached the server. */
    protected final int lists() {
        return count(listing());
    }

    @Test
    void aReadIsRetriedWithinBoundsAndAWriteIsSentOnceOnAReset() {
        server.stubFor(listing().stub().willReturn(vendor.internalError().response()));
        try (FaceEngine engine = engine(Map.of())) {
            assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(lists()).isEqualTo(3);

            Call upload = stubAnUploadThatIsReset();
            assertThatThrownBy(() -> engine.addFaces(new CollectionRef(tenant(), COLLECTION), List.of(NewFace.of(new byte[] {1}, "a"))))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(count(upload)).isEqualTo(1);
            for (Call after : callsAfterTheUpload()) {
                assertThat(count(after)).isZero();
            }
        }
    }

    @Test
    void theBreakerOpensOnA5xxBackendStopsCallingAndClosesWhenItRecovers() throws Exception {
        server.stubFor(listing().stub().willReturn(unavailable()));
        try (FaceEngine engine = engine(Map.of("retry.max-attempts", "1", "breaker.window", "4", "breaker.minimum-calls", "4"))) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.BackendUnavailable.class);
            }
            assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasCauseInstanceOf(CallNotSent.class);
            assertThat(lists()).isEqualTo(4);
            assertThat(engine.health().ready()).isFalse();

            server.stubFor(listing().stub().willReturn(vendor.noCollections().response()));
            Thread.sleep(400);
            assertThat(engine.collections(tenant())).isEmpty();
            assertThat(lists()).isEqualTo(5);
        }
    }

    @Test
    void aSlowServerTimesOut() {
        server.stubFor(listing().stub().willReturn(vendor.noCollections().response().withFixedDelay(2000)));
        try (FaceEngine engine = engine(Map.of("timeout", "200ms", "retry.max-attempts", "2"))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        }
    }

    /**
     * The vendor's rate-limit answer to a listing pauses the engine: a second call within the pause
     * fails as rate-limited without reaching the server. For the fault tests of vendors that have one.
     */
    protected final void assertARateLimitAnswerPausesTheEngine(ResponseDefinitionBuilder rateLimited) {
        server.stubFor(listing().stub().willReturn(rateLimited));
        // A generous timeout: a first call slowed by a cold start must not time out and be retried.
        try (FaceEngine engine = engine(Map.of("rate-limit.max-wait", "100ms", "timeout", "5s"))) {
            assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.RateLimited.class);
            assertThatThrownBy(() -> engine.collections(tenant())).isInstanceOf(FaceException.RateLimited.class);
        }
        assertThat(lists()).isEqualTo(1);
    }
}
