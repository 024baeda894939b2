package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import java.util.Optional;

/** What became of one face of a batch: enrolled, or rejected with the reason. */
public sealed interface EnrolOutcome {
    /**
     * @param detected the face as the engine found it in the image (box, points and the details a
     *     quality gate needed); absent when the face was copied rather than detected
     */
    record Enrolled(StoredFace face, Optional<DetectedFace> detected) implements EnrolOutcome {
        public Enrolled {
            requireNonNull(face, "face is null");
            requireNonNull(detected, "detected is null");
        }

        public Enrolled(StoredFace face) {
            this(face, Optional.empty());
        }
    }

    record Rejected(FaceException reason) implements EnrolOutcome {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }
}
