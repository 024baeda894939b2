package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A request the dialect refuses with one of the document's status values. Thrown by the handlers
 * and rendered by {@link SensetimeDialect} as {@code {"status": ..., "reason": ...}}.
 */
final class SensetimeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SensetimeStatus status;
    private final transient Optional<String> reason;
    private final int httpStatus;

    SensetimeFailure(SensetimeStatus status, String reason) {
        this(status, Optional.of(requireNonNull(reason, "reason is null")), status.httpStatus());
    }

    SensetimeFailure(SensetimeStatus status) {
        this(status, Optional.empty(), status.httpStatus());
    }

    SensetimeFailure(SensetimeStatus status, Optional<String> reason, int httpStatus) {
        super(status.name() + reason.map(r -> ": " + r).orElse(""), null, false, false);
        if (status == SensetimeStatus.OK) {
            throw new IllegalArgumentException("OK is not a failure");
        }
        this.status = status;
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    static SensetimeFailure invalidArgument(String reason) {
        return new SensetimeFailure(SensetimeStatus.INVALID_ARGUMENT, reason);
    }

    SensetimeStatus status() {
        return status;
    }

    Optional<String> reason() {
        return reason;
    }

    int httpStatus() {
        return httpStatus;
    }
}
