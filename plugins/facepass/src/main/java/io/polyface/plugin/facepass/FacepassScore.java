package io.polyface.plugin.facepass;

import io.polyface.spi.dialect.ScoreCalibration;

/**
 * FacePass's 0..100 scales (README, "The FacePass dialect", "Scores").
 *
 * <p>{@link #SIMILARITY} maps the engine's raw cosine onto the score of compare and recognize, so
 * that the document's recommended thresholds keep a stated meaning on the labelled faces (the
 * document states no rates; these are this gateway's rule, README "Calibration"): 70 (1:1) at raw
 * 0.512, where the false-accept rate is at most 1e-3 (95% upper bound: no accept among 3,744
 * impostor comparisons); 78 (1:N, stricter because a gallery multiplies the chances of a false
 * accept) at raw 0.624, a decade lower (1e-4, extrapolated along the impostor tail). Raw 0 (the
 * impostor median) scores 30, near the document's different-person example (33.3); -1 scores 1,
 * so a compare score is never 0, as the document wants it in (0, 100].
 *
 * <p>{@link #LIVENESS} maps the engine's liveness probability onto 0..100 so that the recommended
 * liveness threshold 50 stands where the model's vendor demo calls a face fake (0.3).
 */
final class FacepassScore {
    static final ScoreCalibration.PiecewiseLinear SIMILARITY =
            ScoreCalibration.piecewiseLinear(-1, 1, 0, 30, 0.512, 70, 0.624, 78, 1, 100);
    static final ScoreCalibration.PiecewiseLinear LIVENESS =
            ScoreCalibration.piecewiseLinear(0, 0, 0.3, 50, 1, 100);

    private FacepassScore() {
    }

    /** Scores keep six decimals, as the document's examples show them. */
    static double rounded(double score) {
        return Math.round(score * 1e6) / 1e6;
    }
}
