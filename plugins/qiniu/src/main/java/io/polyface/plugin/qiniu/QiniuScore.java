package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.ScoreCalibration;

/**
 * Maps the engine's raw cosine similarity onto Qiniu's 0..1 face score, so that Qiniu's two
 * recommended thresholds keep their meaning (README, "Calibration"): 0.45 for photos at the raw
 * threshold of best 1:1 accuracy on the labelled faces (0.33: every genuine pair accepted, false
 * accepts about 2e-3 in the 1:N sample), and 0.35 for surveillance footage at the looser raw 0.23
 * (false accepts about 1e-2 in the 1:N sample), where blurred, small and turned faces that score
 * lower against their own photos are still found. Linear in between and beyond, 1 at raw 1.
 */
record QiniuScore(ScoreCalibration calibration) {
    static final double PHOTO_THRESHOLD = 0.45;
    static final double SURVEILLANCE_THRESHOLD = 0.35;

    static final QiniuScore DEFAULT = new QiniuScore(
            ScoreCalibration.piecewiseLinear(-1, 0, 0.23, SURVEILLANCE_THRESHOLD, 0.33, PHOTO_THRESHOLD, 1, 1));

    QiniuScore {
        requireNonNull(calibration, "calibration is null");
    }

    double fromCosine(double cosine) {
        return calibration.toScore(cosine);
    }

    /** The raw cosine a Qiniu threshold stands for. */
    double toCosine(double score) {
        return calibration.toRaw(score);
    }
}
