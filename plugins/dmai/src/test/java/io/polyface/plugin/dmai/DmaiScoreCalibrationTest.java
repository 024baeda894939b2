package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.LabelledFaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DM-AI's mapping pinned to a fresh calibration of the local engine on the labelled faces
 * ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class DmaiScoreCalibrationTest {
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        calibration = Calibration.measure(LabelledFaces.fromSystemProperty());
    }

    @Test
    void theRecommendedThresholdSitsWhereItsRateIsHeld() {
        assertThat(DialectScale.DMAI.disagreement(calibration, DmaiScore.RECOMMENDED_THRESHOLD,
                DmaiScore.DEFAULT.toCosine(DmaiScore.RECOMMENDED_THRESHOLD), 0.01)).isEmpty();
        assertThat(DialectScale.DMAI.proposal(calibration).orElseThrow().toScore(0.7))
                .isCloseTo(DmaiScore.DEFAULT.fromCosine(0.7), within(0.02));
    }
}
