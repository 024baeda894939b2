package io.polyface.plugin.facepass;

import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.toolkit.connector.VendorEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one FacePass error mapping, read both ways: the dialect answers each SPI failure with the
 * code, HTTP status and message detail of {@link #of}, and the connector turns each code a server
 * answers back into the SPI failure of {@link #toSpi}. A failure read back is of the kind it was
 * rendered from, except where one code stands for several kinds: INTERNAL_ERROR (every failure the
 * document has no code for) reads back as {@link FaceException.BackendUnavailable}, and
 * INVALID_IMAGE_RESOLUTION (an image over the pixel limit, which the server does not name) as an
 * invalid {@code image}.
 */
final class FacepassErrors {
    /** The argument ILLEGAL_ARGUMENT names for an image that is not there. */
    private static final String IMAGE_ID = "image_id";

    private FacepassErrors() {
    }

    // ---- SPI failure -> FacePass answer (the dialect) --------------------------------------

    /** The FacePass failure the dialect answers for an SPI failure raised while serving {@code operation}. */
    static FacepassFailure of(FaceException failure, String operation) {
        FacepassErrorCode code = code(failure, operation);
        return new FacepassFailure(code, detail(failure, code));
    }

    static FacepassErrorCode code(FaceException failure, String operation) {
        return switch (failure) {
            case FaceException.NotFound notFound -> switch (notFound.resource()) {
                case COLLECTION -> FacepassErrorCode.GROUP_NAME_NOT_EXIST;
                case FACE -> FacepassErrorCode.FACE_TOKEN_NOT_EXIST;
                case IMAGE -> FacepassErrorCode.ILLEGAL_ARGUMENT;
                case TAG, PERSON, TASK -> FacepassErrorCode.INTERNAL_ERROR;
            };
            case FaceException.AlreadyExists exists -> exists.resource() == FaceException.Resource.COLLECTION
                    ? FacepassErrorCode.GROUP_NAME_CONFLICT
                    : FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.InvalidArgument invalid -> FacepassErrorCode.ILLEGAL_ARGUMENT;
            case FaceException.NoFace noFace -> FacepassErrorCode.FACE_NOT_FOUND;
            case FaceException.BadQuality badQuality -> FacepassErrorCode.BAD_QUALITY;
            case FaceException.UndecodableImage undecodable -> operation.equals("compare")
                    ? FacepassErrorCode.IMAGE_VALIDATE_FAILED
                    : FacepassErrorCode.UNSUPPORTED_IMAGE_FORMAT;
            case FaceException.ImageTooLarge tooLarge -> tooLarge.overPixelLimit()
                    ? FacepassErrorCode.INVALID_IMAGE_RESOLUTION
                    : FacepassErrorCode.INVALID_IMAGE_FILE_SIZE;
            case FaceException.QuotaExceeded quota -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.DownloadFailed downloadFailed -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.Unauthorized unauthorized -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.RateLimited rateLimited -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.BackendUnavailable unavailable -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.Unsupported unsupported -> FacepassErrorCode.INTERNAL_ERROR;
            case FaceException.Internal internal -> FacepassErrorCode.INTERNAL_ERROR;
        };
    }

    /** What follows the message: the argument at fault or the quality reason; nothing internal. */
    private static String detail(FaceException failure, FacepassErrorCode code) {
        return switch (code) {
            case ILLEGAL_ARGUMENT -> failure instanceof FaceException.InvalidArgument invalid ? invalid.field()
                    : failure instanceof FaceException.NotFound notFound && notFound.resource() == FaceException.Resource.IMAGE
                            ? IMAGE_ID : "";
            case BAD_QUALITY -> failure.getMessage();
            default -> "";
        };
    }

    /** Failed quality checks in the words of the document's BAD_QUALITY table, comma-separated. */
    static String words(List<QualityCheck> failed) {
        return failed.stream().map(FacepassErrors::word).distinct().collect(Collectors.joining(","));
    }

    private static String word(QualityCheck check) {
        return switch (check) {
            case YAW -> "Yaw";
            case PITCH -> "Pitch";
            case ROLL -> "Roll";
            case BLUR -> "Blurriness";
            case TOO_DARK, TOO_BRIGHT -> "Brightness";
            case UNEVEN_LIGHT -> "Std_Deviation";
            case TOO_SMALL -> "FaceMin";
            case NOT_UPRIGHT -> "Roll";
        };
    }

    // ---- FacePass answer -> SPI failure (the connector) ------------------------------------

    /**
     * The SPI failure the connector raises for a failure the server at {@code serverRoot} answered.
     *
     * @param group the group the call was about, named in NotFound and AlreadyExists
     * @param addLimitBytes the byte limit of face/add, named in ImageTooLarge
     */
    static FaceException toSpi(FacepassFailure failure, String group, VendorEngine engine, String serverRoot, long addLimitBytes) {
        FacepassErrorCode code = failure.code();
        String detail = failure.detail();
        return switch (code) {
            case OK -> new FaceException.Internal("FacePass reported success as a failure", null);
            case ILLEGAL_JSON_BODY, MISSING_ARGUMENT -> new FaceException.Internal(
                    engine.name() + ": FacePass refused the connector's request: " + code.message(detail), null);
            case ILLEGAL_ARGUMENT -> detail.equals(IMAGE_ID)
                    ? new FaceException.NotFound(FaceException.Resource.IMAGE, "")
                    : new FaceException.InvalidArgument(detail.equals("group_name") ? "collection" : detail,
                            "FacePass refused " + detail);
            case UNSUPPORTED_IMAGE_FORMAT, IMAGE_VALIDATE_FAILED ->
                    new FaceException.UndecodableImage("FacePass cannot read the image (" + code.message() + ")");
            case INVALID_IMAGE_RESOLUTION -> new FaceException.InvalidArgument("image", "FacePass refuses the image's resolution");
            case INVALID_IMAGE_FILE_SIZE -> new FaceException.ImageTooLarge(addLimitBytes);
            case FACE_NOT_FOUND -> new FaceException.NoFace();
            case BAD_QUALITY -> new FaceException.BadQuality(detail.isEmpty() ? "bad quality" : detail, checks(detail));
            case FACE_TOKEN_NOT_EXIST, GROUP_BINDING_NOT_EXIST -> new FaceException.NotFound(FaceException.Resource.FACE, "");
            case GROUP_NAME_CONFLICT -> new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, group);
            case GROUP_NAME_NOT_EXIST -> new FaceException.NotFound(FaceException.Resource.COLLECTION, group);
            case COMPARE_LIVENESS_FAILED -> new FaceException.Internal(engine.name() + ": FacePass checked liveness unasked", null);
            case INTERNAL_ERROR -> new FaceException.BackendUnavailable(engine.name() + ": FacePass INTERNAL_ERROR", null);
            case NOT_FOUND -> engine.unsupported("such path on the server at " + serverRoot);
        };
    }

    /**
     * The failed checks the words of a BAD_QUALITY message name. "Brightness" stands for too dark or
     * too bright alike; it comes back as too dark.
     */
    static List<QualityCheck> checks(String words) {
        List<QualityCheck> checks = new ArrayList<>();
        for (String word : words.split(",")) {
            switch (word.strip()) {
                case "Yaw" -> checks.add(QualityCheck.YAW);
                case "Pitch" -> checks.add(QualityCheck.PITCH);
                case "Roll" -> checks.add(QualityCheck.ROLL);
                case "Blurriness" -> checks.add(QualityCheck.BLUR);
                case "Brightness" -> checks.add(QualityCheck.TOO_DARK);
                case "Std_Deviation" -> checks.add(QualityCheck.UNEVEN_LIGHT);
                case "FaceMin" -> checks.add(QualityCheck.TOO_SMALL);
                default -> {
                }
            }
        }
        return List.copyOf(checks);
    }
}
