package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.ScoreCalibration;

/**
 * Maps the engine's raw cosine similarity onto Qiniu's 0..1 face score, so that Qiniu's two
 * recommended search thresholds keep a stated meaning on the labelled faces (Qiniu states no rates;
 * these are this gateway's rule, README "Calibration"): 0.45 for photos at raw 0.512, where the
 * false-accept rate is at most 1e-3 (95% upper bound: no accept among 3,744 impostor comparisons),
 * and 0.35 for surveillance footage, which Qiniu makes the looser one, a decade looser at raw 0.259
 * (measured 9.9e-3), where blurred, small and turned faces that score lower against their own
 * photos are still found. 0.45 is also the older API generation's floor. Linear in between and
 * beyond, 1 at raw 1.
 */
record QiniuScore(ScoreCalibration calibration) {
    static final double PHOTO_THRESHOLD = 0.45;
    static final double SURVEILLANCE_THRESHOLD = 0.35;

    static final QiniuScore DEFAULT = new QiniuScore(
            ScoreCalibration.piecewiseLinear(-1, 0, 0.259, SURVEILLANCE_THRESHOLD, 0.512, PHOTO_THRESHOLD, 1, 1));

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
