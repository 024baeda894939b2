package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What was computed about a face on request ({@link FaceFeature}); a part not requested, or that
 * the engine cannot compute, is empty.
 *
 * @param liveness 0..1, how likely the face is a live person rather than a photo, screen or mask
 */
public record FaceDetails(
        Optional<FacePose> pose,
        Optional<FaceQuality> quality,
        Optional<FaceAttributes> attributes,
        OptionalDouble liveness,
        Optional<FaceLandmarks> landmarks) {

    private static final FaceDetails NONE = new FaceDetails(
            Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty());

    public FaceDetails {
        requireNonNull(pose, "pose is null");
        requireNonNull(quality, "quality is null");
        requireNonNull(attributes, "attributes is null");
        requireNonNull(liveness, "liveness is null");
        requireNonNull(landmarks, "landmarks is null");
        if (liveness.isPresent() && !(liveness.getAsDouble() >= 0 && liveness.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("liveness must be in 0..1: " + liveness.getAsDouble());
        }
    }

    /** Nothing computed. */
    public static FaceDetails none() {
        return NONE;
    }
}
