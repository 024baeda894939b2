package io.polyface.plugin.sensetime;

/**
 * Every value of the {@code status} field the document lists, with its HTTP status code.
 * {@link #OK} is the only success; the rest are errors.
 */
enum SensetimeStatus {
    OK(200),
    INVALID_ARGUMENT(400),
    INVALID_TASK(400),
    INVALID_IMAGE(400),
    INVALID_FACE(400),
    INVALID_FACE2(400),
    INVALID_PERSON(400),
    INVALID_GROUP(400),
    INVALID_FACESET(400),
    EMPTY_PERSON(400),
    EMPTY_GROUP(400),
    EMPTY_FACESET(400),
    EMPTY_PERSON_ID(400),
    EMPTY_FACE_ID(400),
    QUOTA_EXCEEDED(400),
    DOWNLOAD_TIMEOUT(400),
    DOWNLOAD_ERROR(400),
    CORRUPT_IMAGE(400),
    IMAGE_FILE_SIZE_TOO_BIG(400),
    INVALID_IMAGE_FORMAT_OR_SIZE(400),
    UNAUTHORIZED(401),
    KEY_EXPIRED(401),
    RATE_LIMIT_EXCEEDED(403),
    NO_PERMISSION(403),
    NOT_FOUND(404),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    SensetimeStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    int httpStatus() {
        return httpStatus;
    }
}
