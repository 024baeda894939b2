package io.polyface.plugin.dmai;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.ScoreCalibration;

/**
 * Maps the engine's raw cosine similarity onto DM-AI's 0..1 confidence.
 *
 * <p>A logistic curve centred on the raw similarity that best separates same-person from
 * different-person pairs of the labelled faces, so that DM-AI's recommended threshold is 0.5:
 * same person above it, different people below. The curve is monotonic, so rankings are kept.
 * It is the SPI's {@link ScoreCalibration.Logistic}; DM-AI documents no error rates, so a smooth
 * curve through the measured threshold is all its scale needs (README, "Calibration").
 *
 * @param calibration the logistic curve from raw cosine to DM-AI's score
 */
public record DmaiScore(ScoreCalibration.Logistic calibration) {
    /** The recommended DM-AI threshold: scores at or above it mean "same person". */
    public static final double RECOMMENDED_THRESHOLD = 0.5;

    /** Measured on the labelled pairs of the shared face set (see README, "Scores"). */
    public static final DmaiScore DEFAULT = new DmaiScore(0.33, 10.0);

    public DmaiScore {
        requireNonNull(calibration, "calibration is null");
    }

    /**
     * @param center the raw cosine that maps to 0.5
     * @param steepness how fast the score leaves 0.5 on either side
     */
    public DmaiScore(double center, double steepness) {
        this(ScoreCalibration.logistic(center, steepness));
    }

    public double center() {
        return calibration.center();
    }

    public double steepness() {
        return calibration.steepness();
    }

    public double fromCosine(double cosine) {
        return calibration.toScore(cosine);
    }

    /** The raw cosine that gives this score; used to turn a DM-AI threshold into an engine one. */
    public double toCosine(double score) {
        return calibration.toRaw(score);
    }
}
