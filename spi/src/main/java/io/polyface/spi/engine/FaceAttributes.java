package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * Attributes a model estimates from a face. Left and right are as seen in the image (the image's
 * left eye is the person's right eye).
 *
 * @param age estimated age in years
 * @param gender estimated gender and the confidence in it
 * @param leftEye state of the eye on the image's left
 * @param rightEye state of the eye on the image's right
 * @param smile 0..1, how likely the expression is a smile
 */
public record FaceAttributes(double age, Estimate<Gender> gender, Estimate<EyeState> leftEye, Estimate<EyeState> rightEye,
        double smile) {
    public FaceAttributes {
        requireNonNull(gender, "gender is null");
        requireNonNull(leftEye, "leftEye is null");
        requireNonNull(rightEye, "rightEye is null");
        if (!(age >= 0) || !Double.isFinite(age)) {
            throw new IllegalArgumentException("age must be finite and not negative: " + age);
        }
        if (!(smile >= 0 && smile <= 1)) {
            throw new IllegalArgumentException("smile must be in 0..1: " + smile);
        }
    }

    /**
     * A class a model chose and its confidence.
     *
     * @param confidence 0.5..1 for two classes: how sure the model is of this one over the other
     */
    public record Estimate<T extends Enum<T>>(T value, double confidence) {
        public Estimate {
            requireNonNull(value, "value is null");
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("confidence must be in 0..1: " + confidence);
            }
        }
    }
}
