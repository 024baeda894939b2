package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.ScoreCalibration;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Maps the engine's raw cosine similarity onto SenseTime's confidence (0..1), so that the
 * document's table keeps its meaning on the labelled faces (README, "Calibration"): confidence 0.4
 * and 0.5 at the raw similarities where the measured false-accept rate is 1e-1 and 1e-2; 0.6 where
 * its 95% upper bound is 1e-3 (no accept among 3,744 impostor comparisons); 0.7, 0.8, 0.9 (1e-4 to
 * 1e-6) extrapolated from there along the impostor tail, since no labelled set here can show them.
 */
record SensetimeScore(ScoreCalibration calibration) {
    /** {@code same_person} is true above this confidence (document, /face/verification). */
    static final double SAME_PERSON = 0.6;

    /** Anchors (raw cosine, confidence) from {@code ./polyface calibrate} for fr-feature-v1. */
    static final SensetimeScore DEFAULT = new SensetimeScore(ScoreCalibration.piecewiseLinear(
            -1, 0, 0.135, 0.4, 0.259, 0.5, 0.512, 0.6, 0.624, 0.7, 0.747, 0.8, 0.870, 0.9, 1, 1));

    SensetimeScore {
        requireNonNull(calibration, "calibration is null");
    }

    /** Anchors from a setting: alternating raw and confidence values, comma-separated. */
    static SensetimeScore parse(String anchors) {
        String[] parts = anchors.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i].strip());
        }
        return new SensetimeScore(ScoreCalibration.piecewiseLinear(values));
    }

    /** The confidence of a raw cosine, rounded to six decimals as the document's examples show. */
    double confidence(double raw) {
        double score = Math.max(0, Math.min(1, calibration.toScore(raw)));
        return BigDecimal.valueOf(score).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The raw cosine at a confidence, to turn a confidence threshold into a search threshold. */
    double raw(double confidence) {
        return calibration.toRaw(confidence);
    }

    static boolean samePerson(double confidence) {
        return confidence > SAME_PERSON;
    }
}
