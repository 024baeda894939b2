package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.Test;

/**
 * DM-AI's mapping pinned to a fresh calibration of the local engine on the labelled faces
 * ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class DmaiScoreCalibrationTest {
    private static final DialectScaleCheck.Calibrated CHECK = DialectScaleCheck.onLabelledFaces(new DmaiDialectProvider());

    @Test
    void theRecommendedThresholdSitsWhereItsRateIsHeld() {
        assertThat(CHECK.scale().thresholds()).extracting(RecommendedThreshold::score)
                .containsExactly(DmaiScore.RECOMMENDED_THRESHOLD);
        assertThat(CHECK.problems(DmaiScore.DEFAULT::toCosine)).isEmpty();
        assertThat(CHECK.scale().proposal(CHECK.calibration()).orElseThrow().toScore(0.7))
                .isCloseTo(DmaiScore.DEFAULT.fromCosine(0.7), within(0.02));
        assertThatThrownBy(() -> CHECK.scale().threshold(0.6)).hasMessageContaining("recommends no threshold");
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(DmaiDialectProvider.ID);
    }
}
