package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A documented FacePass failure: its code, the detail its message carries and, where the document
 * returns data with the failure (face/add cases B and C, compare), that data. The dialect throws
 * these for what only it can know and makes SPI failures ({@link io.polyface.spi.FaceException})
 * one in {@link FacepassErrors#of}; the connector's client throws one for a server's failure
 * answer, which {@link FacepassErrors#toSpi} reads back.
 */
final class FacepassFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FacepassErrorCode code;
    private final String detail;
    private final transient Optional<ObjectNode> data;

    FacepassFailure(FacepassErrorCode code, String detail, Optional<ObjectNode> data) {
        super(code.message(detail), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.detail = requireNonNull(detail, "detail is null");
        this.data = requireNonNull(data, "data is null");
    }

    FacepassFailure(FacepassErrorCode code, String detail) {
        this(code, detail, Optional.empty());
    }

    static FacepassFailure missing(String... arguments) {
        return new FacepassFailure(FacepassErrorCode.MISSING_ARGUMENT, String.join(",", arguments));
    }

    static FacepassFailure illegal(String... arguments) {
        return new FacepassFailure(FacepassErrorCode.ILLEGAL_ARGUMENT, String.join(",", arguments));
    }

    static FacepassFailure badBody() {
        return new FacepassFailure(FacepassErrorCode.ILLEGAL_JSON_BODY, "");
    }

    /** This failure, answered with {@code data}. */
    FacepassFailure with(ObjectNode data) {
        return new FacepassFailure(code, detail, Optional.of(data));
    }

    FacepassErrorCode code() {
        return code;
    }

    String detail() {
        return detail;
    }

    Optional<ObjectNode> data() {
        return data;
    }
}
