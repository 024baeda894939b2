package io.polyface.plugin.sensetime;

import io.polyface.spi.FaceException;
import java.util.Optional;

/** The one place where SPI failures become SenseTime statuses. */
final class SensetimeErrors {
    private SensetimeErrors() {
    }

    /**
     * The SenseTime failure of an SPI failure raised while serving {@code apiPath}.
     *
     * <p>An {@link FaceException.ImageTooLarge} over a byte limit reaching here is a request body over
     * the gateway's limit (images over 5 MB are refused by the dialect before the engine sees them):
     * HTTP 413, as the document's common errors say. One over the engine's pixel limit is an image
     * of the wrong size, INVALID_IMAGE_FORMAT_OR_SIZE.
     */
    static SensetimeFailure of(FaceException failure, String apiPath) {
        return switch (failure) {
            case FaceException.NotFound notFound -> new SensetimeFailure(notFound(notFound.resource(), apiPath));
            case FaceException.AlreadyExists exists -> internal();
            case FaceException.InvalidArgument invalid -> SensetimeFailure.invalidArgument(invalid.getMessage());
            case FaceException.QuotaExceeded quota -> new SensetimeFailure(SensetimeStatus.QUOTA_EXCEEDED, quota.getMessage());
            case FaceException.NoFace noFace -> SensetimeFailure.invalidArgument("no face detected");
            case FaceException.BadQuality bad -> SensetimeFailure.invalidArgument(bad.getMessage());
            case FaceException.UndecodableImage undecodable ->
                    new SensetimeFailure(SensetimeStatus.CORRUPT_IMAGE, "the file is not an image or it is damaged");
            case FaceException.ImageTooLarge tooLarge -> tooLarge.overPixelLimit()
                    ? new SensetimeFailure(SensetimeStatus.INVALID_IMAGE_FORMAT_OR_SIZE,
                            "the image has more than " + tooLarge.limitPixels() + " pixels")
                    : new SensetimeFailure(SensetimeStatus.IMAGE_FILE_SIZE_TOO_BIG,
                            Optional.of("request larger than " + tooLarge.limitBytes() + " bytes"), 413);
            case FaceException.DownloadFailed download -> download.timedOut()
                    ? new SensetimeFailure(SensetimeStatus.DOWNLOAD_TIMEOUT, "the image took longer than 5 s to download")
                    : new SensetimeFailure(SensetimeStatus.DOWNLOAD_ERROR, downloadReason(download));
            case FaceException.Unauthorized unauthorized -> new SensetimeFailure(SensetimeStatus.UNAUTHORIZED, "wrong api_id or api_secret");
            case FaceException.RateLimited limited -> new SensetimeFailure(SensetimeStatus.RATE_LIMIT_EXCEEDED);
            case FaceException.BackendUnavailable unavailable ->
                    new SensetimeFailure(SensetimeStatus.INTERNAL_ERROR, "the face store cannot be reached; try again later");
            case FaceException.Unsupported unsupported ->
                    new SensetimeFailure(SensetimeStatus.INTERNAL_ERROR, "the engine cannot do this: " + unsupported.getMessage());
            case FaceException.Internal internal -> internal();
        };
    }

    /** An object that vanished between the dialect's check and the engine call. */
    private static SensetimeStatus notFound(FaceException.Resource resource, String apiPath) {
        return switch (resource) {
            case FACE -> SensetimeStatus.INVALID_FACE;
            case PERSON, TAG -> SensetimeStatus.INVALID_PERSON;
            case IMAGE -> SensetimeStatus.INVALID_IMAGE;
            case TASK -> SensetimeStatus.INVALID_TASK;
            case COLLECTION -> apiPath.startsWith("/faceset/") || apiPath.equals("/info/faceset") || apiPath.equals("/face/search")
                    ? SensetimeStatus.INVALID_FACESET
                    : apiPath.startsWith("/group/") || apiPath.equals("/info/group") || apiPath.equals("/face/identification")
                            ? SensetimeStatus.INVALID_GROUP
                            : apiPath.startsWith("/person/") || apiPath.equals("/info/person") || apiPath.equals("/face/verification")
                                    ? SensetimeStatus.INVALID_PERSON
                                    : SensetimeStatus.INVALID_FACE;
        };
    }

    private static String downloadReason(FaceException.DownloadFailed download) {
        return switch (download.reason()) {
            case BAD_URL -> "url is not an absolute http or https address";
            case BLOCKED -> "url points to an address this server may not fetch from";
            case HTTP_STATUS -> "the image server did not answer 200";
            case NETWORK -> "the image could not be downloaded";
            case TIMEOUT -> "the image took longer than 5 s to download";
        };
    }

    private static SensetimeFailure internal() {
        return new SensetimeFailure(SensetimeStatus.INTERNAL_ERROR, "internal error");
    }
}
