package io.polyface.plugin.dmai;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.BaseErrorsRoundTripTest;
import io.polyface.toolkit.connector.WireMockBackend;
import io.polyface.toolkit.dialect.DialectFixtures;
import java.util.List;
import java.util.Map;

/**
 * {@link DmaiErrors} read both ways: every kind of SPI failure the dialect answers, served by
 * WireMock to the connector, comes back as the same kind, or, through the catch-all 500 that
 * DM-AI also answers bad input with, as the caller's failure.
 */
class DmaiErrorsRoundTripTest extends BaseErrorsRoundTripTest {
    private static final CollectionRef FACES = new CollectionRef("dmai", "face_col");

    /** A failure the document has no code for: the catch-all 500, read back as the caller's. */
    private static Trip serverError(FaceException rendered) {
        return new Trip(rendered, "collection.create", FaceException.InvalidArgument.class);
    }

    private static final List<Trip> TRIPS = List.of(
            same(new FaceException.BackendUnavailable("mongo down", null), "face.insert"),
            same(new FaceException.QuotaExceeded(Quota.COLLECTIONS, 30, "too many"), "collection.create"),
            same(new FaceException.InvalidArgument(DmaiBody.COLLECTION_FIELD, "bad"), "collection.create"),
            same(new FaceException.AlreadyExists(Resource.COLLECTION, "face_col"), "collection.create"),
            same(new FaceException.NotFound(Resource.COLLECTION, "face_col"), "collection.status"),
            same(new FaceException.NotFound(Resource.COLLECTION, "face_col"), "collection.delete"),
            same(new FaceException.QuotaExceeded(Quota.FACES_PER_TAG, 5, "five"), "face.insert"),
            same(new FaceException.Internal("vectors", null), "face.update"),
            same(new FaceException.NoFace(), "face.insert"),
            serverError(new FaceException.InvalidArgument("top_k", "top_k must be between 1 and 100")),
            serverError(new FaceException.NotFound(Resource.TAG, "t")),
            serverError(new FaceException.AlreadyExists(Resource.FACE, "f")),
            serverError(new FaceException.QuotaExceeded(Quota.BATCH_SIZE, 10, "batch")),
            serverError(new FaceException.BadQuality("Blurriness")),
            serverError(new FaceException.UndecodableImage("broken")),
            serverError(new FaceException.ImageTooLarge(1024)),
            serverError(new FaceException.DownloadFailed("x", FaceException.DownloadFailed.Reason.NETWORK, null)),
            serverError(new FaceException.Unauthorized("no")),
            serverError(new FaceException.RateLimited("slow down")),
            serverError(new FaceException.Unsupported("x")),
            serverError(new FaceException.Internal("bug", null)));

    DmaiErrorsRoundTripTest() {
        super(new DmaiDialect(DialectFixtures.offline("dmai")), TRIPS, "/api/v1/engine/recocomp/create/collection",
                connector -> connector.createCollection(FACES, CollectionSpec.unlimited()));
    }

    @Override
    protected FaceEngine connect(WireMockServer server) {
        return new DmaiConnectorProvider().connect(WireMockBackend.context("dm", server, Map.of()));
    }
}
