package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.engine.local.calibration.VendorThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SenseTime's confidence mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class SensetimeScoreCalibrationTest {
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        calibration = Calibration.measure(LabelledFaces.fromSystemProperty());
    }

    @Test
    void everyConfidenceOfTheTableSitsWhereItsErrorRateIsHeld() {
        assertThat(DialectScale.SENSETIME.thresholds()).extracting(VendorThreshold::score)
                .containsExactly(0.4, 0.5, SensetimeScore.SAME_PERSON, 0.7, 0.8, 0.9);
        for (VendorThreshold t : DialectScale.SENSETIME.thresholds()) {
            assertThat(DialectScale.SENSETIME.disagreement(calibration, t.score(), SensetimeScore.DEFAULT.raw(t.score()), 0.01))
                    .isEmpty();
        }
    }
}
