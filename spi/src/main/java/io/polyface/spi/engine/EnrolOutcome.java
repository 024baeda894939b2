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

    /**
     * @param detected the face that was found and refused (a quality gate's failure, with the
     *     details it measured), when there was one
     */
    record Rejected(FaceException reason, Optional<DetectedFace> detected) implements EnrolOutcome {
        public Rejected {
            requireNonNull(reason, "reason is null");
            requireNonNull(detected, "detected is null");
        }

        public Rejected(FaceException reason) {
            this(reason, Optional.empty());
        }
    }
}
