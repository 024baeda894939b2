package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import java.util.List;
import java.util.Optional;

/** A face ready to enrol, or the reason it cannot be. */
sealed interface Analysis {

    /** @param copied whether the face comes from another collection rather than from detection */
    record Valid(NewFace request, DetectedFace face, boolean copied) implements Analysis {
        public Valid {
            requireNonNull(request, "request is null");
            requireNonNull(face, "face is null");
        }
    }

    record Invalid(FaceException reason, Optional<DetectedFace> detected) implements Analysis {
        public Invalid {
            requireNonNull(reason, "reason is null");
            requireNonNull(detected, "detected is null");
        }

        Invalid(FaceException reason) {
            this(reason, Optional.empty());
        }
    }

    /** The outcomes of analyses none of which is enrolled. */
    static List<EnrolOutcome> outcomesOf(List<Analysis> analyses) {
        return analyses.stream()
                .map(a -> switch (a) {
                    case Analysis.Invalid invalid -> (EnrolOutcome) new EnrolOutcome.Rejected(invalid.reason(), invalid.detected());
                    case Analysis.Valid valid -> throw new IllegalStateException("valid face not enrolled");
                })
                .toList();
    }
}
