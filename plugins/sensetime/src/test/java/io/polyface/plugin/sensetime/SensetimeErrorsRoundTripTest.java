package io.polyface.plugin.sensetime;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.DownloadFailed.Reason;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.BaseErrorsRoundTripTest;
import io.polyface.toolkit.connector.WireMockBackend;
import java.util.List;
import java.util.Map;

/**
 * {@link SensetimeErrors} read both ways: every kind of SPI failure the dialect answers, served by
 * WireMock to the connector, comes back as the same kind, or as the kind its shared status reads
 * back as.
 */
class SensetimeErrorsRoundTripTest extends BaseErrorsRoundTripTest {
    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};

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

    SensetimeErrorsRoundTripTest() {
        super(new SensetimeHarness().dialect, TRIPS, "/face/detection", connector -> connector.detect(PHOTO));
    }

    /** A trip names the operation by its path. */
    @Override
    protected String operationKey(Operation operation) {
        return operation.pathTemplate();
    }

    @Override
    protected FaceEngine connect(WireMockServer server) {
        return new SensetimeConnectorProvider().connect(WireMockBackend.context("st", server,
                Map.of("api-id", "my-id", "api-secret", "my-secret")));
    }
}
