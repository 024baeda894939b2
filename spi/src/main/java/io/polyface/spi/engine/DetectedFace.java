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
 * @param details what was computed on request (pose, quality, attributes, ...); empty parts were not
 */
public record DetectedFace(BoundingBox box, double confidence, List<Point> landmarks, Embedding embedding,
        FaceDetails details) {
    public DetectedFace {
        requireNonNull(box, "box is null");
        landmarks = List.copyOf(requireNonNull(landmarks, "landmarks is null"));
        requireNonNull(embedding, "embedding is null");
        requireNonNull(details, "details is null");
    }

    /** A face without details. */
    public DetectedFace(BoundingBox box, double confidence, List<Point> landmarks, Embedding embedding) {
        this(box, confidence, landmarks, embedding, FaceDetails.none());
    }

    /** This face with other details. */
    public DetectedFace withDetails(FaceDetails newDetails) {
        return new DetectedFace(box, confidence, landmarks, embedding, newDetails);
    }
}
