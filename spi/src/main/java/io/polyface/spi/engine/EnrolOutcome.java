package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;

/** What became of one face of a batch: enrolled, or rejected with the reason. */
public sealed interface EnrolOutcome {
    record Enrolled(StoredFace face) implements EnrolOutcome {
        public Enrolled {
            requireNonNull(face, "face is null");
        }
    }

    record Rejected(FaceException reason) implements EnrolOutcome {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }
}
