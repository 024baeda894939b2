package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.connector.VendorEngine;
import io.polyface.toolkit.json.Json;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one SenseTime error mapping, read both ways: the dialect answers each SPI failure with the
 * status, HTTP status and reason of {@link #of} (and every {@link SensetimeFailure} as {@link
 * #reply}), and the connector turns each status a server answers back into the SPI failure of
 * {@link #toSpi}. A failure read back is of the kind it was rendered from, except where SenseTime
 * has no status of its own for the kind: INTERNAL_ERROR of an object already there or of a defect
 * reads back as {@link FaceException.BackendUnavailable}; INVALID_ARGUMENT of a refused face's
 * quality as a bad argument; UNAUTHORIZED and the download statuses as an internal failure (to the
 * connector they mean its own account and files are wrong); INVALID_IMAGE_FORMAT_OR_SIZE of the
 * pixel limit as an unreadable image.
 */
final class SensetimeErrors {
    /** The INVALID_ARGUMENT reason of an image without a face. */
    static final String NO_FACE = "no face detected";
    /** How the INTERNAL_ERROR reason of an operation the engine cannot do begins. */
    static final String ENGINE_CANNOT = "the engine cannot do this";

    private SensetimeErrors() {
    }

    // ---- SPI failure -> SenseTime answer (the dialect) -------------------------------------

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
            case FaceException.NoFace noFace -> SensetimeFailure.invalidArgument(NO_FACE);
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
                    new SensetimeFailure(SensetimeStatus.INTERNAL_ERROR, ENGINE_CANNOT + ": " + unsupported.getMessage());
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

    /** The answer of a failure: {@code {"status": ..., "reason": ...}} with its HTTP status. */
    static SensetimeCall.Reply reply(SensetimeFailure failure) {
        ObjectNode body = Json.object();
        body.put("status", failure.status().name());
        failure.reason().ifPresent(r -> body.put("reason", r));
        return new SensetimeCall.Reply(failure.httpStatus(), body);
    }

    // ---- SenseTime answer -> SPI failure (the connector) -----------------------------------

    /**
     * The SPI failure the connector raises for a status the server at {@code serverRoot} answered.
     * The caller pauses for a RATE_LIMIT_EXCEEDED's reset.
     *
     * @param collection the collection the call was about, named in NotFound
     * @param resetSeconds the answer's {@code X-RateLimit-Reset}, when it had one
     * @param maxImageBytes the image limit, named in ImageTooLarge
     */
    static FaceException toSpi(SensetimeStatus status, String reason, OptionalLong resetSeconds, String collection,
            VendorEngine engine, String serverRoot, long maxImageBytes) {
        String said = status.name() + (reason.isEmpty() ? "" : ": " + reason);
        return switch (status) {
            case OK -> new FaceException.Internal("SenseTime reported success as a failure", null);
            case INVALID_ARGUMENT -> reason.equals(NO_FACE) ? new FaceException.NoFace()
                    : new FaceException.InvalidArgument("request", "SenseTime refused the request: " + reason);
            case INVALID_FACESET, INVALID_GROUP, EMPTY_GROUP -> new FaceException.NotFound(FaceException.Resource.COLLECTION, collection);
            case INVALID_FACE, INVALID_FACE2, EMPTY_FACE_ID -> new FaceException.NotFound(FaceException.Resource.FACE, "");
            case INVALID_PERSON, EMPTY_PERSON, EMPTY_PERSON_ID -> new FaceException.NotFound(FaceException.Resource.PERSON, "");
            case INVALID_IMAGE -> new FaceException.NotFound(FaceException.Resource.IMAGE, "");
            case INVALID_TASK -> new FaceException.NotFound(FaceException.Resource.TASK, "");
            case EMPTY_FACESET -> new FaceException.NotFound(FaceException.Resource.FACE, "");
            case QUOTA_EXCEEDED -> new FaceException.QuotaExceeded(reason.contains("faces")
                    ? FaceException.Quota.COLLECTION_CAPACITY : FaceException.Quota.COLLECTIONS, 0,
                    "SenseTime quota exceeded" + (reason.isEmpty() ? "" : ": " + reason));
            case DOWNLOAD_TIMEOUT, DOWNLOAD_ERROR -> new FaceException.Internal(
                    engine.name() + ": SenseTime reports a download, but the connector sends files only: " + reason, null);
            case CORRUPT_IMAGE, INVALID_IMAGE_FORMAT_OR_SIZE ->
                    new FaceException.UndecodableImage("SenseTime cannot read the image (" + status + ")");
            case IMAGE_FILE_SIZE_TOO_BIG -> new FaceException.ImageTooLarge(maxImageBytes);
            case UNAUTHORIZED, KEY_EXPIRED, NO_PERMISSION -> new FaceException.Internal(
                    engine.name() + ": SenseTime refused the connector's account: " + said, null);
            case RATE_LIMIT_EXCEEDED -> new FaceException.RateLimited(engine.name() + ": SenseTime's rate limit is used up"
                    + resetSeconds.stream().mapToObj(s -> "; it resets in " + s + " s").findFirst().orElse(""));
            case NOT_FOUND -> engine.unsupported("such path on the server at " + serverRoot);
            case INTERNAL_ERROR -> reason.startsWith(ENGINE_CANNOT)
                    ? new FaceException.Unsupported("not supported by the engine behind SenseTime: " + reason)
                    : new FaceException.BackendUnavailable(engine.name() + ": SenseTime INTERNAL_ERROR" + (reason.isEmpty() ? "" : ": " + reason),
                            null);
        };
    }
}
