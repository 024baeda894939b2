package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.DownloadFailed.Reason;
import io.polyface.spi.FaceException.Resource;
import org.junit.jupiter.api.Test;

/** Every SPI failure has a documented status. */
class SensetimeErrorsTest {
    private static SensetimeFailure map(FaceException e, String path) {
        return SensetimeErrors.of(e, path);
    }

    @Test
    void everyKindOfFailureMapsOntoADocumentedStatus() {
        assertThat(map(new FaceException.NotFound(Resource.FACE, "x"), "/info/face").status()).isEqualTo(SensetimeStatus.INVALID_FACE);
        assertThat(map(new FaceException.NotFound(Resource.COLLECTION, "x"), "/faceset/add_face").status())
                .isEqualTo(SensetimeStatus.INVALID_FACESET);
        assertThat(map(new FaceException.NotFound(Resource.COLLECTION, "x"), "/person/add_face").status())
                .isEqualTo(SensetimeStatus.INVALID_PERSON);
        assertThat(map(new FaceException.NotFound(Resource.COLLECTION, "x"), "/face/identification").status())
                .isEqualTo(SensetimeStatus.INVALID_GROUP);
        assertThat(map(new FaceException.NotFound(Resource.TASK, "x"), "/info/task").status()).isEqualTo(SensetimeStatus.INVALID_TASK);
        assertThat(map(new FaceException.NotFound(Resource.IMAGE, "x"), "/info/image").status()).isEqualTo(SensetimeStatus.INVALID_IMAGE);
        assertThat(map(new FaceException.AlreadyExists(Resource.FACE, "x"), "/x").status()).isEqualTo(SensetimeStatus.INTERNAL_ERROR);
        assertThat(map(new FaceException.InvalidArgument("f", "m"), "/x").status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT);
        assertThat(map(new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 1, "m"), "/x").status())
                .isEqualTo(SensetimeStatus.QUOTA_EXCEEDED);
        assertThat(map(new FaceException.NoFace(), "/x").status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT);
        assertThat(map(new FaceException.BadQuality("m"), "/x").status()).isEqualTo(SensetimeStatus.INVALID_ARGUMENT);
        assertThat(map(new FaceException.UndecodableImage("m"), "/x").status()).isEqualTo(SensetimeStatus.CORRUPT_IMAGE);
        SensetimeFailure tooLarge = map(new FaceException.ImageTooLarge(10), "/x");
        assertThat(tooLarge.status()).isEqualTo(SensetimeStatus.IMAGE_FILE_SIZE_TOO_BIG);
        assertThat(tooLarge.httpStatus()).isEqualTo(413);
        SensetimeFailure tooManyPixels = map(FaceException.ImageTooLarge.pixels(10), "/x");
        assertThat(tooManyPixels.status()).isEqualTo(SensetimeStatus.INVALID_IMAGE_FORMAT_OR_SIZE);
        assertThat(tooManyPixels.httpStatus()).isEqualTo(400);
        assertThat(map(new FaceException.DownloadFailed("m", Reason.TIMEOUT, null), "/x").status())
                .isEqualTo(SensetimeStatus.DOWNLOAD_TIMEOUT);
        for (Reason reason : new Reason[] {Reason.BAD_URL, Reason.BLOCKED, Reason.HTTP_STATUS, Reason.NETWORK}) {
            assertThat(map(new FaceException.DownloadFailed("m", reason, null), "/x").status()).isEqualTo(SensetimeStatus.DOWNLOAD_ERROR);
        }
        assertThat(map(new FaceException.Unauthorized("m"), "/x").status()).isEqualTo(SensetimeStatus.UNAUTHORIZED);
        assertThat(map(new FaceException.RateLimited("m"), "/x").status()).isEqualTo(SensetimeStatus.RATE_LIMIT_EXCEEDED);
        assertThat(map(new FaceException.BackendUnavailable("m", null), "/x").status()).isEqualTo(SensetimeStatus.INTERNAL_ERROR);
        assertThat(map(new FaceException.Unsupported("m"), "/x").status()).isEqualTo(SensetimeStatus.INTERNAL_ERROR);
        SensetimeFailure internal = map(new FaceException.Internal("secret detail", null), "/x");
        assertThat(internal.status()).isEqualTo(SensetimeStatus.INTERNAL_ERROR);
        assertThat(internal.httpStatus()).isEqualTo(500);
        assertThat(internal.reason().orElseThrow()).doesNotContain("secret");
    }

    @Test
    void httpCodesAreTheDocuments() {
        assertThat(SensetimeStatus.UNAUTHORIZED.httpStatus()).isEqualTo(401);
        assertThat(SensetimeStatus.KEY_EXPIRED.httpStatus()).isEqualTo(401);
        assertThat(SensetimeStatus.NO_PERMISSION.httpStatus()).isEqualTo(403);
        assertThat(SensetimeStatus.RATE_LIMIT_EXCEEDED.httpStatus()).isEqualTo(403);
        assertThat(SensetimeStatus.NOT_FOUND.httpStatus()).isEqualTo(404);
        assertThat(SensetimeStatus.INTERNAL_ERROR.httpStatus()).isEqualTo(500);
        assertThat(SensetimeStatus.INVALID_FACE2.httpStatus()).isEqualTo(400);
    }
}
