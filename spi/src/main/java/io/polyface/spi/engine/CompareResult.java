package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/** A 1:1 comparison of the main faces of two images, with the raw cosine similarity. */
public record CompareResult(double score, DetectedFace first, DetectedFace second) {
    public CompareResult {
        requireNonNull(first, "first is null");
        requireNonNull(second, "second is null");
    }
}
