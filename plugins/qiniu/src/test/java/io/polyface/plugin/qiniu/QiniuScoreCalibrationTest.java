package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.engine.local.calibration.VendorThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Qiniu's face-score mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class QiniuScoreCalibrationTest {
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        calibration = Calibration.measure(LabelledFaces.fromSystemProperty());
    }

    @Test
    void photoAndSurveillanceThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(DialectScale.QINIU.thresholds()).extracting(VendorThreshold::score)
                .containsExactly(QiniuScore.SURVEILLANCE_THRESHOLD, QiniuScore.PHOTO_THRESHOLD);
        for (VendorThreshold t : DialectScale.QINIU.thresholds()) {
            assertThat(DialectScale.QINIU.disagreement(calibration, t.score(), QiniuScore.DEFAULT.toCosine(t.score()), 0.01))
                    .isEmpty();
        }
    }
}
