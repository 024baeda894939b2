package io.polyface.plugin.dmai;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.ScoreCalibration;

/**
 * Maps the engine's raw cosine similarity onto DM-AI's 0..1 confidence.
 *
 * <p>A logistic curve centred on the raw similarity where the false-accept rate on the labelled
 * faces is at most 1e-3 (the 95% upper bound of no accepts among every impostor comparison), so
 * that DM-AI's recommended 0.5 means "at most one stranger in a thousand comparisons". DM-AI states
 * no rate for any score; 1e-3 is this gateway's rule (README, "Calibration"). It is the SPI's
 * {@link ScoreCalibration.Logistic}; monotonic, so rankings are kept.
 *
 * @param calibration the logistic curve from raw cosine to DM-AI's score
 */
public record DmaiScore(ScoreCalibration.Logistic calibration) {
    /** The recommended DM-AI threshold: scores at or above it mean "same person". */
    public static final double RECOMMENDED_THRESHOLD = 0.5;

    /** Centre from {@code ./polyface calibrate} for fr-feature-v1; steepness keeps the curve's shape. */
    public static final DmaiScore DEFAULT = new DmaiScore(0.512, 10.0);

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
