package io.polyface.plugin.sensetime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.DownloadFailed.Reason;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.WireMockBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SensetimeErrors} read both ways: every kind of SPI failure the dialect answers, served by
 * WireMock to the connector, comes back as the same kind, or as the kind its shared status reads
 * back as.
 */
class SensetimeErrorsRoundTripTest {
    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

    /** A failure the dialect renders while serving a path, and the kind the connector reads back. */
    private record Trip(FaceException rendered, String path, Class<? extends FaceException> readBack) {
    }

    private static Trip same(FaceException rendered, String path) {
        return new Trip(rendered, path, rendered.getClass());
    }

    private static final List<Trip> TRIPS = List.of(
            same(new FaceException.NotFound(Resource.COLLECTION, "stars"), "/faceset/add_face"),
            same(new FaceException.NotFound(Resource.COLLECTION, "stars"), "/face/identification"),
            same(new FaceException.NotFound(Resource.FACE, "f"), "/info/face"),
            same(new FaceException.NotFound(Resource.PERSON, "p"), "/info/person"),
            same(new FaceException.NotFound(Resource.IMAGE, "i"), "/info/image"),
            same(new FaceException.NotFound(Resource.TASK, "t"), "/info/task"),
            same(new FaceException.InvalidArgument("top", "top must be from 1 to 100"), "/face/search"),
            same(new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 10, "too many facesets"), "/faceset/create"),
            same(new FaceException.NoFace(), "/face/detection"),
            same(new FaceException.UndecodableImage("broken"), "/face/detection"),
            same(new FaceException.ImageTooLarge(5 * 1024 * 1024), "/face/detection"),
            same(new FaceException.RateLimited("slow down"), "/face/detection"),
            same(new FaceException.BackendUnavailable("db down", null), "/face/detection"),
            same(new FaceException.Unsupported("no model"), "/face/detection"),
            // Statuses SenseTime shares between kinds, or that mean the connector's own account and files.
            new Trip(new FaceException.AlreadyExists(Resource.FACE, "f"), "/faceset/add_face", FaceException.BackendUnavailable.class),
            new Trip(new FaceException.Internal("bug", null), "/face/detection", FaceException.BackendUnavailable.class),
            new Trip(new FaceException.BadQuality("blurred"), "/face/detection", FaceException.InvalidArgument.class),
            new Trip(FaceException.ImageTooLarge.pixels(40_000_000), "/face/detection", FaceException.UndecodableImage.class),
            new Trip(new FaceException.Unauthorized("no"), "/face/detection", FaceException.Internal.class),
            new Trip(new FaceException.DownloadFailed("x", Reason.TIMEOUT, null), "/face/detection", FaceException.Internal.class),
            new Trip(new FaceException.DownloadFailed("x", Reason.NETWORK, null), "/face/detection", FaceException.Internal.class));

    private final SensetimeHarness harness = new SensetimeHarness();
    private WireMockServer server;
    private FaceEngine connector;

    @BeforeEach
    void start() {
        server = WireMockBackend.start();
        connector = new SensetimeConnectorProvider().connect(WireMockBackend.context("st", server,
                Map.of("api-id", "my-id", "api-secret", "my-secret")));
    }

    @AfterEach
    void stop() {
        connector.close();
        server.stop();
    }

    @Test
    void everyFailureTheDialectAnswersComesBackAsItsKind() {
        for (Trip trip : TRIPS) {
            Operation operation = harness.dialect.operations().stream().filter(o -> o.pathTemplate().equals(trip.path()))
                    .findFirst().orElseThrow();
            DialectResponse answer = harness.dialect.renderError(trip.rendered(), operation);
            server.stubFor(post(urlEqualTo("/face/detection")).willReturn(aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", answer.contentType()).withBody(answer.body())));

            Throwable readBack = catchThrowable(() -> connector.detect(PHOTO));

            assertThat(readBack).as("%s rendered for %s", trip.rendered(), trip.path()).isInstanceOf(trip.readBack());
        }
    }
}
