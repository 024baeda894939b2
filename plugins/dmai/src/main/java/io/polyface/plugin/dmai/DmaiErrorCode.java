package io.polyface.plugin.dmai;

/**
 * The DM-AI recocomp error codes (document section 5), with the vendor's messages. {@code 500} is
 * the document's catch-all for failures that no 10xx code describes.
 */
public enum DmaiErrorCode {
    OK(0, "OK"),
    DATABASE_ERROR(1001, "Database error"),
    COLLECTION_QUOTA_EXCEEDED(1002, "Collection quota exceeded"),
    INVALID_COLLECTION_NAME(1003, "Invalid collection name"),
    COLLECTION_ALREADY_EXISTS(1004, "Collection already exists"),
    CHECK_COLLECTION_NAME(1005, "Please check collection name"),
    COLLECTION_DOES_NOT_EXIST(1006, "Collection does not exist"),
    TARGET_ID_QUOTA_EXCEEDED(1007, "Target_id quota exceeded"),
    UPDATE_FAILED(1008, "Update vectors unsuccessfully"),
    SERVER_ERROR(500, "Server error");

    private final int code;
    private final String message;

    DmaiErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
