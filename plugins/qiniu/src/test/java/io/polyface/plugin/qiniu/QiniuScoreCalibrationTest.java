package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.Test;

/**
 * Qiniu's face-score mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class QiniuScoreCalibrationTest {
    private static final DialectScaleCheck.Calibrated CHECK = DialectScaleCheck.onLabelledFaces(new QiniuDialectProvider());

    @Test
    void photoAndSurveillanceThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(CHECK.scale().thresholds()).extracting(RecommendedThreshold::score)
                .containsExactly(QiniuScore.SURVEILLANCE_THRESHOLD, QiniuScore.PHOTO_THRESHOLD);
        assertThat(CHECK.scale().threshold(0.35).falseAcceptRate())
                .isGreaterThan(CHECK.scale().threshold(0.45).falseAcceptRate());
        assertThat(CHECK.problems(QiniuScore.DEFAULT::toCosine)).isEmpty();
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(QiniuDialectProvider.ID);
    }
}
