package io.polyface.plugin.facepass;

/**
 * The FacePass server error codes with their messages and HTTP statuses: the common table and the
 * codes each endpoint documents. Messages that name arguments or a reason carry them after ": ".
 */
public enum FacepassErrorCode {
    OK(0, "", 200),
    ILLEGAL_JSON_BODY(104000, "ILLEGAL_JSON_BODY", 400),
    ILLEGAL_ARGUMENT(104001, "ILLEGAL_ARGUMENT", 400),
    MISSING_ARGUMENT(104002, "MISSING_ARGUMENT", 400),
    UNSUPPORTED_IMAGE_FORMAT(104100, "UNSUPPORTED_IMAGE_FORMAT", 400),
    INVALID_IMAGE_RESOLUTION(104101, "INVALID_IMAGE_RESOLUTION", 400),
    INVALID_IMAGE_FILE_SIZE(104102, "INVALID_IMAGE_FILE_SIZE", 400),
    IMAGE_VALIDATE_FAILED(104103, "IMAGE_VALIDATE_FAILED", 400),
    FACE_NOT_FOUND(104200, "FACE_NOT_FOUND", 400),
    BAD_QUALITY(104201, "BAD_QUALITY", 400),
    FACE_TOKEN_NOT_EXIST(104202, "FACE_TOKEN_NOT_EXIST", 400),
    GROUP_NAME_CONFLICT(104300, "GROUP_NAME_CONFLICT", 400),
    GROUP_NAME_NOT_EXIST(104301, "GROUP_NAME_NOT_EXIST", 400),
    GROUP_BINDING_NOT_EXIST(104303, "GROUP_BINDING_NOT_EXIST", 400),
    COMPARE_LIVENESS_FAILED(104901, "COMPARE_LIVENESS_FAILED", 400),
    INTERNAL_ERROR(105000, "INTERNAL_ERROR", 500),
    /** A path (or method) the API does not have: the document gives HTTP 404 and no code. */
    NOT_FOUND(404, "NOT_FOUND", 404);

    private final int code;
    private final String message;
    private final int httpStatus;

    FacepassErrorCode(int code, String message, int httpStatus) {
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The message with its detail, as {@code ILLEGAL_ARGUMENT: face_token}. */
    public String message(String detail) {
        return detail.isEmpty() ? message : message + ": " + detail;
    }
}
