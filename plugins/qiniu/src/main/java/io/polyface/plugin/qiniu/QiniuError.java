package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import java.util.function.Supplier;

/**
 * The errors Qiniu's own server writes on the current API ({@code /v1/face/groups/...}, {@code
 * /v1/image/groups/...}), with its HTTP status and its exact words: clients match these texts.
 * Read from Qiniu's public server code (argus {@code feature_group_private/service/*.go}); the
 * 500s are what it answers, even where the client is at fault.
 */
enum QiniuError {
    INVALID_GROUP_NAME(400, "invalid group name"),
    GROUP_ALREADY_EXIST(409, "group already exist"),
    INVALID_GROUP_CAPACITY(400, "invalid group capacity"),
    GROUP_NOT_EXIST(400, "group not exist"),
    INVALID_THRESHOLD(400, "invalid threshold"),
    TOO_MANY_GROUPS(400, "too many groups"),
    // Compare (base_service.go) names its two groups.
    INVALID_TARGET_GROUP_NAME(400, "invalid target face group name"),
    FACE_GROUP_NOT_EXIST(400, "face group not exist"),
    TARGET_GROUP_NOT_EXIST(400, "target face group not exist"),
    // Adding a face (face_group.go): errors.Wrap(err, "face number N") and the quality classes.
    NO_FACE(400, "face number 0: No face found in image"),
    BLUR_FACE(400, "detected blur face"),
    SMALL_FACE(400, "detected too small face"),
    COVER_FACE(400, "detected covered face"),
    POSE_FACE(400, "detected face with too large pose"),
    ORIENTATION_NOT_UP(400, "face orientation is not up"),
    PARSE_FEATURE(500, "Failed to parse feature in image"),
    // What each route answers for any other failure of its service (a bad image included).
    ADD_FACE_FAILED(500, "failed to add face"),
    UPDATE_FACE_FAILED(500, "failed to update face"),
    SEARCH_FACE_FAILED(500, "failed to search face"),
    LIST_FACES_FAILED(500, "failed to list face-images"),
    ADD_IMAGE_FAILED(500, "failed to add image"),
    UPDATE_IMAGE_FAILED(500, "failed to update image"),
    SEARCH_IMAGE_FAILED(500, "failed to search image"),
    /** Image listing and the tags of either kind of group. */
    LIST_IMAGES_FAILED(500, "failed to list image"),
    DELETE_FAILED(500, "failed to delete feature");

    private static final System.Logger LOG = System.getLogger(QiniuError.class.getName());

    private final int status;
    private final String text;

    QiniuError(int status, String text) {
        this.status = status;
        this.text = text;
    }

    int status() {
        return status;
    }

    String text() {
        return text;
    }

    Failure failure() {
        return new Failure(this);
    }

    /**
     * Runs a route's service step the way Qiniu's server does: any failure in it, Qiniu's own
     * answers included, becomes this error. What this server refuses on its own account (a
     * signature, a body or image over its limits, a store that is down, rate limits) still says so.
     */
    <T> T wrapping(Supplier<T> step) {
        try {
            return step.get();
        } catch (Failure e) {
            throw e.error() == this ? e : failure();
        } catch (FaceException e) {
            if (ownRefusal(e)) {
                throw e;
            }
            if (e instanceof FaceException.Internal) {
                LOG.log(System.Logger.Level.WARNING, "qiniu: answered '" + text + "' for an internal failure", e);
            }
            throw failure();
        }
    }

    /** Failures that are this server's own refusals, not the vendor service's answer. */
    static boolean ownRefusal(FaceException e) {
        return switch (e) {
            case FaceException.Unauthorized u -> true;
            case FaceException.RateLimited r -> true;
            case FaceException.BackendUnavailable b -> true;
            case FaceException.ImageTooLarge large -> !large.overPixelLimit();
            case FaceException.InvalidArgument i -> false;
            case FaceException.NoFace n -> false;
            case FaceException.BadQuality b -> false;
            case FaceException.UndecodableImage u -> false;
            case FaceException.DownloadFailed d -> false;
            case FaceException.QuotaExceeded q -> false;
            case FaceException.NotFound n -> false;
            case FaceException.AlreadyExists a -> false;
            case FaceException.Internal i -> false;
            case FaceException.Unsupported u -> false;
        };
    }

    /** One of Qiniu's answers, thrown by a route and written by {@link QiniuDialect}. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient QiniuError error;

        private Failure(QiniuError error) {
            super(requireNonNull(error, "error is null").text(), null, false, false);
            this.error = error;
        }

        QiniuError error() {
            return error;
        }
    }
}
