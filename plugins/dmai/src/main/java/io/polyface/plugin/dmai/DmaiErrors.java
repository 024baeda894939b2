package io.polyface.plugin.dmai;

import io.polyface.spi.FaceException;
import java.util.Locale;

/**
 * DM-AI's errors both ways (document section 5): the err_code the dialect answers for each SPI
 * failure, and the failure the connector reads back from a DM-AI server's err_code.
 * {@code DmaiErrorsRoundTripTest} proves that each reads the other back.
 */
final class DmaiErrors {
    private DmaiErrors() {
    }

    /** The err_code the dialect answers for a failure while serving an operation (by its name). */
    static DmaiErrorCode code(FaceException failure, String operation) {
        boolean lookup = operation.equals("collection.status") || operation.equals("face.search");
        return switch (failure) {
            case FaceException.NotFound notFound -> notFound.resource() == FaceException.Resource.COLLECTION
                    ? (lookup ? DmaiErrorCode.CHECK_COLLECTION_NAME : DmaiErrorCode.COLLECTION_DOES_NOT_EXIST)
                    : DmaiErrorCode.SERVER_ERROR;
            case FaceException.AlreadyExists exists -> exists.resource() == FaceException.Resource.COLLECTION
                    ? DmaiErrorCode.COLLECTION_ALREADY_EXISTS
                    : DmaiErrorCode.SERVER_ERROR;
            case FaceException.InvalidArgument invalid -> invalid.field().equals(DmaiBody.COLLECTION_FIELD)
                    ? DmaiErrorCode.INVALID_COLLECTION_NAME
                    : DmaiErrorCode.SERVER_ERROR;
            case FaceException.QuotaExceeded quota -> switch (quota.quota()) {
                case COLLECTIONS -> DmaiErrorCode.COLLECTION_QUOTA_EXCEEDED;
                case FACES_PER_TAG -> DmaiErrorCode.TARGET_ID_QUOTA_EXCEEDED;
                case COLLECTION_CAPACITY, BATCH_SIZE -> DmaiErrorCode.SERVER_ERROR;
            };
            case FaceException.BackendUnavailable unavailable -> DmaiErrorCode.DATABASE_ERROR;
            case FaceException.Internal internal -> operation.equals("face.update")
                    ? DmaiErrorCode.UPDATE_FAILED
                    : DmaiErrorCode.SERVER_ERROR;
            case FaceException.NoFace noFace -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.BadQuality badQuality -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.UndecodableImage undecodable -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.ImageTooLarge tooLarge -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.DownloadFailed downloadFailed -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.Unauthorized unauthorized -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.RateLimited rateLimited -> DmaiErrorCode.SERVER_ERROR;
            case FaceException.Unsupported unsupported -> DmaiErrorCode.SERVER_ERROR;
        };
    }

    /** The status text of the catch-all 500: what was wrong, without internals. */
    static String detail(FaceException failure) {
        return switch (failure) {
            case FaceException.Internal internal -> "Internal error";
            case FaceException.UndecodableImage undecodable -> "Undecodable image: " + undecodable.getMessage();
            case FaceException.ImageTooLarge tooLarge -> tooLarge.overPixelLimit()
                    ? "Image too large: at most " + tooLarge.limitPixels() + " pixels"
                    : "Request too large: at most " + tooLarge.limitBytes() + " bytes";
            default -> failure.getMessage();
        };
    }

    /**
     * The failure a DM-AI server's answer stands for.
     *
     * @param collection the collection the request named, for the failures that name it
     * @param connector the connector's name, for the messages of failures that are the server's
     */
    static FaceException failure(int code, String status, String collection, String connector) {
        for (DmaiErrorCode known : DmaiErrorCode.values()) {
            if (known.code() != code) {
                continue;
            }
            return switch (known) {
                case OK -> new FaceException.Internal("DM-AI reported success as a failure", null);
                case DATABASE_ERROR -> new FaceException.BackendUnavailable(connector + ": DM-AI database error", null);
                case COLLECTION_QUOTA_EXCEEDED -> new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, 30,
                        "DM-AI allows at most 30 collections");
                case INVALID_COLLECTION_NAME -> new FaceException.InvalidArgument(DmaiBody.COLLECTION_FIELD,
                        "DM-AI refuses the collection name " + collection);
                case COLLECTION_ALREADY_EXISTS -> new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, collection);
                case CHECK_COLLECTION_NAME, COLLECTION_DOES_NOT_EXIST ->
                        new FaceException.NotFound(FaceException.Resource.COLLECTION, collection);
                case TARGET_ID_QUOTA_EXCEEDED -> new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG, 5,
                        "DM-AI keeps at most 5 features per target id");
                case UPDATE_FAILED -> new FaceException.Internal(connector + ": DM-AI could not update the vectors", null);
                // DM-AI's catch-all also answers bad input (an image without a face), so it is the
                // caller's failure, not the backend's: it neither opens a breaker nor is retried.
                case SERVER_ERROR -> status.toLowerCase(Locale.ROOT).contains("no face")
                        ? new FaceException.NoFace()
                        : new FaceException.InvalidArgument("request", "DM-AI refused the request: " + status);
            };
        }
        return new FaceException.Internal(connector + ": DM-AI err_code " + code + ": " + status, null);
    }
}
