package io.polyface.spi.dialect;

import java.util.Optional;

/** Found with {@link java.util.ServiceLoader}; one per vendor dialect. */
public interface DialectProvider {
    /** The dialect's id, also the path prefix it is served under on the main port ("dmai"). */
    String id();

    Dialect create(DialectContext context);

    /** The dialect's score scale, for score calibration; empty when it renders no calibrated score. */
    default Optional<ScoreScale> scoreScale() {
        return Optional.empty();
    }
}
