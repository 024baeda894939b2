package io.polyface.spi;

import java.util.Optional;

/** One check of a {@link io.polyface.spi.engine.QualityPolicy} that a face can fail. */
public enum QualityCheck {
    YAW(QualityClass.POSE),
    PITCH(QualityClass.POSE),
    ROLL(QualityClass.POSE),
    BLUR(QualityClass.BLUR),
    TOO_DARK(QualityClass.ILLUMINATION),
    TOO_BRIGHT(QualityClass.ILLUMINATION),
    UNEVEN_LIGHT(QualityClass.ILLUMINATION),
    TOO_SMALL(QualityClass.SMALL),
    NOT_UPRIGHT(null);

    private final QualityClass qualityClass;

    QualityCheck(QualityClass qualityClass) {
        this.qualityClass = qualityClass;
    }

    /**
     * The quality class a failure of this check puts the face in; empty for {@code NOT_UPRIGHT},
     * since vendors report orientation beside the quality class, not as one.
     */
    public Optional<QualityClass> qualityClass() {
        return Optional.ofNullable(qualityClass);
    }
}
