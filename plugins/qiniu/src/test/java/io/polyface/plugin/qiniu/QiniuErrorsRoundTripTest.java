package io.polyface.plugin.qiniu;

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
 * The Qiniu dialect's errors ({@link QiniuError}, {@code QiniuDialect.renderError}) read back by
 * {@link QiniuConnectorFailures}: every kind of SPI failure the dialect answers, served by WireMock
 * to the connector, comes back as the same kind, or as the kind its status and text stand for
 * where Qiniu's API has no word of its own.
 */
class QiniuErrorsRoundTripTest extends BaseErrorsRoundTripTest {
    private static final CollectionRef STARS = new CollectionRef("default", "stars");

    private static final List<Trip> TRIPS = List.of(
            same(new FaceException.NotFound(Resource.COLLECTION, "stars"), "face.search"),
            same(new FaceException.NotFound(Resource.FACE, "f1"), "face.update"),
            same(new FaceException.NotFound(Resource.IMAGE, "i1"), "image.update"),
            same(new FaceException.AlreadyExists(Resource.COLLECTION, "stars"), "face.group.create"),
            same(new FaceException.AlreadyExists(Resource.FACE, "f1"), "face.add"),
            same(new FaceException.InvalidArgument("threshold", "threshold must be a number from 0 to 1"), "face.search"),
            same(new FaceException.NoFace(), "face.add"),
            same(new FaceException.BadQuality("failed BLUR"), "face.add"),
            same(new FaceException.UndecodableImage("broken"), "image.add"),
            same(new FaceException.ImageTooLarge(1024), "face.add"),
            same(new FaceException.RateLimited("slow down"), "face.search"),
            same(new FaceException.BackendUnavailable("db down", null), "face.group.list"),
            same(new FaceException.Unsupported("x"), "face.cluster"),
            // Qiniu has no quota error: a 400 with the reason, which reads back as a refused request.
            new Trip(new FaceException.QuotaExceeded(Quota.COLLECTIONS, 1, "too many groups"), "face.group.create",
                    FaceException.InvalidArgument.class),
            new Trip(new FaceException.QuotaExceeded(Quota.BATCH_SIZE, 1, "too many images"), "face.add",
                    FaceException.InvalidArgument.class),
            // A 404 names a group or an image; a missing tag or person is read as the group's.
            new Trip(new FaceException.NotFound(Resource.TAG, "t"), "face.search", FaceException.NotFound.class),
            // Too many pixels is an image Qiniu cannot decode (400), not a body too large (413).
            new Trip(FaceException.ImageTooLarge.pixels(40_000_000), "face.add", FaceException.UndecodableImage.class),
            new Trip(new FaceException.DownloadFailed("x", FaceException.DownloadFailed.Reason.NETWORK, null), "face.add",
                    FaceException.InvalidArgument.class),
            // A 401 to the connector means its own keys are wrong: the operator's configuration.
            new Trip(new FaceException.Unauthorized("signature does not match the request"), "face.group.list",
                    FaceException.Internal.class),
            // A 500 is the server failing: the backend, which the breaker counts.
            new Trip(new FaceException.Internal("bug", null), "face.group.create", FaceException.BackendUnavailable.class));

    QiniuErrorsRoundTripTest() {
        super(new QiniuDialect(DialectFixtures.offline("qiniu")), TRIPS, "/v1/face/groups/stars",
                connector -> connector.createCollection(STARS, CollectionSpec.unlimited()));
    }

    @Override
    protected FaceEngine connect(WireMockServer server) {
        return new QiniuConnectorProvider().connect(WireMockBackend.context("qn", server,
                Map.of("access-key", "ak", "secret-key", "sk-0123456789abcdef")));
    }
}
