package io.polyface.plugin.facepass;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.BaseErrorsRoundTripTest;
import io.polyface.toolkit.connector.WireMockBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FacepassErrors} read both ways: every kind of SPI failure the dialect answers, served by
 * WireMock to the connector, comes back as the same kind, or as the one kind its shared code reads
 * back as.
 */
class FacepassErrorsRoundTripTest extends BaseErrorsRoundTripTest {
    private static final CollectionRef STARS = new CollectionRef("facepass", "stars");

    /** INTERNAL_ERROR is the code of every failure the document has no code for. */
    private static Trip internalError(FaceException rendered) {
        return new Trip(rendered, "group.create", FaceException.BackendUnavailable.class);
    }

    private static final List<Trip> TRIPS = List.of(
            same(new FaceException.NotFound(Resource.COLLECTION, "stars"), "group.query"),
            same(new FaceException.NotFound(Resource.FACE, "t"), "face.query"),
            same(new FaceException.NotFound(Resource.IMAGE, "i"), "image.query"),
            same(new FaceException.AlreadyExists(Resource.COLLECTION, "stars"), "group.create"),
            same(new FaceException.InvalidArgument("face_token", "bad token"), "group.bind"),
            same(new FaceException.NoFace(), "face.add"),
            same(new FaceException.BadQuality("Roll,Blurriness"), "face.add"),
            same(new FaceException.UndecodableImage("broken"), "face.add"),
            same(new FaceException.UndecodableImage("broken"), "compare"),
            same(new FaceException.ImageTooLarge(FacepassFaces.MAX_ADD_BYTES), "face.add"),
            // The server does not say the pixel limit: an image over it is an image FacePass refuses.
            new Trip(FaceException.ImageTooLarge.pixels(40_000_000), "face.add", FaceException.InvalidArgument.class),
            internalError(new FaceException.NotFound(Resource.PERSON, "p")),
            internalError(new FaceException.AlreadyExists(Resource.FACE, "f")),
            internalError(new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 1, "too many")),
            internalError(new FaceException.DownloadFailed("x", FaceException.DownloadFailed.Reason.NETWORK, null)),
            internalError(new FaceException.Unauthorized("no")),
            internalError(new FaceException.RateLimited("slow down")),
            internalError(new FaceException.BackendUnavailable("db down", null)),
            internalError(new FaceException.Unsupported("x")),
            internalError(new FaceException.Internal("bug", null)));

    @TempDir
    Path dir;

    FacepassErrorsRoundTripTest() {
        super(new FacepassFixture().dialect, TRIPS, "/api/group/v1/create",
                connector -> connector.createCollection(STARS, CollectionSpec.unlimited()));
    }

    @Override
    protected FaceEngine connect(WireMockServer server) {
        return new FacepassConnectorProvider().connect(WireMockBackend.context("fp", server,
                Map.of("index-file", dir.resolve("index.json").toString())));
    }
}
