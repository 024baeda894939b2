package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.QualityCheck;
import io.polyface.spi.QualityClass;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Thresholds a face must meet, as data: each dialect keeps the policy its vendor documents. An empty
 * threshold is not checked. Limits are inclusive: a face exactly at a limit passes.
 *
 * @param maxAbsYaw largest |yaw| in degrees
 * @param maxAbsPitch largest |pitch| in degrees
 * @param maxAbsRoll largest |roll| in degrees
 * @param maxBlur largest blur (0..1)
 * @param minBrightness lowest mean grey level in the face box
 * @param maxBrightness highest mean grey level in the face box
 * @param maxBrightnessStd largest standard deviation of the grey level in the face box
 * @param minFaceSize smallest face (the box's shorter side) in pixels
 * @param requireUpright whether the face must be {@link Orientation#UP}
 */
public record QualityPolicy(
        OptionalDouble maxAbsYaw,
        OptionalDouble maxAbsPitch,
        OptionalDouble maxAbsRoll,
        OptionalDouble maxBlur,
        OptionalDouble minBrightness,
        OptionalDouble maxBrightness,
        OptionalDouble maxBrightnessStd,
        OptionalDouble minFaceSize,
        boolean requireUpright) {

    public QualityPolicy {
        requireNonNull(maxAbsYaw, "maxAbsYaw is null");
        requireNonNull(maxAbsPitch, "maxAbsPitch is null");
        requireNonNull(maxAbsRoll, "maxAbsRoll is null");
        requireNonNull(maxBlur, "maxBlur is null");
        requireNonNull(minBrightness, "minBrightness is null");
        requireNonNull(maxBrightness, "maxBrightness is null");
        requireNonNull(maxBrightnessStd, "maxBrightnessStd is null");
        requireNonNull(minFaceSize, "minFaceSize is null");
    }

    /** The checks the face fails, in the order of {@link QualityCheck}; empty when it passes. */
    public List<QualityCheck> evaluate(FacePose pose, FaceQuality quality) {
        requireNonNull(pose, "pose is null");
        requireNonNull(quality, "quality is null");
        List<QualityCheck> failed = new ArrayList<>();
        for (QualityCheck check : QualityCheck.values()) {
            if (fails(check, pose, quality)) {
                failed.add(check);
            }
        }
        return List.copyOf(failed);
    }

    /** Whether the face passes every check. */
    public boolean accepts(FacePose pose, FaceQuality quality) {
        return evaluate(pose, quality).isEmpty();
    }

    /**
     * The face's quality class under this policy: {@code CLEAR} when it passes every check that has
     * a class, else the class of the first failure in the order small, pose, blur, illumination (a
     * tiny face is also blurry; its size is the cause). Orientation is not a quality class.
     */
    public QualityClass classify(FacePose pose, FaceQuality quality) {
        QualityClass worst = QualityClass.CLEAR;
        for (QualityCheck check : evaluate(pose, quality)) {
            QualityClass c = check.qualityClass().orElse(QualityClass.CLEAR);
            if (rank(c) < rank(worst)) {
                worst = c;
            }
        }
        return worst;
    }

    private static int rank(QualityClass c) {
        return switch (c) {
            case SMALL -> 0;
            case POSE -> 1;
            case BLUR -> 2;
            case COVER -> 3;
            case ILLUMINATION -> 4;
            case CLEAR -> 5;
        };
    }

    private boolean fails(QualityCheck check, FacePose pose, FaceQuality quality) {
        return switch (check) {
            case YAW -> over(Math.abs(pose.yaw()), maxAbsYaw);
            case PITCH -> over(Math.abs(pose.pitch()), maxAbsPitch);
            case ROLL -> over(Math.abs(pose.roll()), maxAbsRoll);
            case BLUR -> over(quality.blur(), maxBlur);
            case TOO_DARK -> minBrightness.isPresent() && quality.brightness() < minBrightness.getAsDouble();
            case TOO_BRIGHT -> over(quality.brightness(), maxBrightness);
            case UNEVEN_LIGHT -> over(quality.brightnessStd(), maxBrightnessStd);
            case TOO_SMALL -> minFaceSize.isPresent() && quality.size() < minFaceSize.getAsDouble();
            case NOT_UPRIGHT -> requireUpright && quality.orientation() != Orientation.UP;
        };
    }

    private static boolean over(double value, OptionalDouble limit) {
        return limit.isPresent() && value > limit.getAsDouble();
    }
}
