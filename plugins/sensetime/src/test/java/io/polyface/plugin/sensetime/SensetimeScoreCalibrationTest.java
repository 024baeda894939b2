package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.Test;

/**
 * SenseTime's confidence mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class SensetimeScoreCalibrationTest {
    private static final DialectScaleCheck.Calibrated CHECK = DialectScaleCheck.onLabelledFaces(new SensetimeDialectProvider());

    @Test
    void everyConfidenceOfTheTableSitsWhereItsErrorRateIsHeld() {
        assertThat(CHECK.scale().thresholds()).extracting(RecommendedThreshold::score)
                .containsExactly(0.4, 0.5, SensetimeScore.SAME_PERSON, 0.7, 0.8, 0.9);
        assertThat(CHECK.scale().threshold(0.6).falseAcceptRate()).isEqualTo(1e-3);
        assertThat(CHECK.problems(SensetimeScore.DEFAULT::raw)).isEmpty();
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(SensetimeDialectProvider.ID);
    }
}
