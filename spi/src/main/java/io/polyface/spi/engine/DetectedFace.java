package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One face found in an image.
 *
 * @param box where the face is
 * @param confidence detector confidence in 0..1
 * @param landmarks five points: left eye, right eye, nose tip, left and right mouth corner
 * @param embedding the face's feature vector
 */
public record DetectedFace(BoundingBox box, double confidence, List<Point> landmarks, Embedding embedding) {
    public DetectedFace {
        requireNonNull(box, "box is null");
        landmarks = List.copyOf(requireNonNull(landmarks, "landmarks is null"));
        requireNonNull(embedding, "embedding is null");
    }
}
