package io.polyface.spi;

/**
 * A face's overall quality class: clear, or the main reason it is not. {@code COVER} (an occluded
 * face) is part of the vocabulary vendors use, but no local model measures occlusion, so no check
 * of {@link io.polyface.spi.engine.QualityPolicy} yields it. {@code ILLUMINATION} covers the
 * brightness checks.
 */
public enum QualityClass {
    CLEAR, BLUR, SMALL, COVER, POSE, ILLUMINATION
}
