package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one place where a Qiniu server's statuses and error messages become SPI failures for {@link
 * QiniuConnector}: the texts of Qiniu's own server ({@link QiniuError}) and of this gateway's Qiniu
 * dialect. Qiniu's server answers a face it cannot add (an image it cannot read, an id already in
 * the group) with 500 {@code failed to add face} without saying which: that face is refused as an
 * unreadable image. Its one answer to any failed search is told apart by the connector, which can
 * look the group up.
 */
final class QiniuConnectorFailures {
    private static final Pattern BYTES = Pattern.compile("(\\d+) bytes");
    private static final String SEARCH_FAILED = QiniuError.SEARCH_FACE_FAILED.text();

    private QiniuConnectorFailures() {
    }

    /**
     * @param engine the connector's engine name, for messages
     * @param group the group the request is about, named in NotFound and AlreadyExists
     * @param faceId the face it is about, named in a 409 of add and a 404 of update
     */
    static FaceException of(String engine, int status, String error, String group, String faceId) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (status == 500 && (error.equals(QiniuError.ADD_FACE_FAILED.text()) || error.equals(QiniuError.PARSE_FEATURE.text()))) {
            return new FaceException.UndecodableImage(engine + ": Qiniu could not add the face (" + error + ")");
        }
        if (status == 500 && error.equals(SEARCH_FAILED)) {
            return new FaceException.BackendUnavailable(engine + ": Qiniu answered HTTP 500 " + SEARCH_FAILED, null);
        }
        return switch (status) {
            case 400 -> lower.startsWith("no face") || error.equals(QiniuError.NO_FACE.text()) ? new FaceException.NoFace()
                    : lower.startsWith("bad face") ? new FaceException.BadQuality(error.replaceFirst("(?i)^bad face:\\s*", ""))
                    : isRejection(error) ? new FaceException.BadQuality(error)
                    : error.endsWith("group not exist") ? new FaceException.NotFound(FaceException.Resource.COLLECTION, group)
                    : lower.startsWith("cannot decode") ? new FaceException.UndecodableImage(error)
                    : new FaceException.InvalidArgument("request", "Qiniu refused the request: " + error);
            case 401, 403 -> new FaceException.Internal(engine + ": Qiniu refused the connector's credentials (HTTP " + status + ")", null);
            case 404 -> lower.startsWith("image not found")
                    ? new FaceException.NotFound(FaceException.Resource.FACE, faceId)
                    : new FaceException.NotFound(FaceException.Resource.COLLECTION, group);
            case 409 -> lower.startsWith("image") ? new FaceException.AlreadyExists(FaceException.Resource.FACE, faceId)
                    : new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, group);
            case 413 -> new FaceException.ImageTooLarge(imageLimit(error));
            case 429 -> new FaceException.RateLimited(engine + ": Qiniu asks to slow down");
            case 501 -> new FaceException.Unsupported("not supported by this backend: " + error);
            default -> status >= 500
                    ? new FaceException.BackendUnavailable(engine + ": Qiniu answered HTTP " + status, null)
                    : new FaceException.Internal(engine + ": Qiniu answered HTTP " + status + ": " + error, null);
        };
    }

    /** Whether a failure is Qiniu's one answer to a failed search. */
    static boolean searchFailed(FaceException failure) {
        return failure instanceof FaceException.BackendUnavailable && failure.getMessage().contains(SEARCH_FAILED);
    }

    private static boolean isRejection(String error) {
        return Stream.of(QiniuError.BLUR_FACE, QiniuError.SMALL_FACE, QiniuError.COVER_FACE, QiniuError.POSE_FACE,
                QiniuError.ORIENTATION_NOT_UP).anyMatch(e -> e.text().equals(error));
    }

    private static long imageLimit(String error) {
        Matcher m = BYTES.matcher(error);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
