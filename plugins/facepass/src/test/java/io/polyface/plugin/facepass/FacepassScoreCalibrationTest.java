package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.Test;

/**
 * FacePass's similarity mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class FacepassScoreCalibrationTest {
    private static final DialectScaleCheck.Calibrated CHECK = DialectScaleCheck.onLabelledFaces(new FacepassDialectProvider());

    @Test
    void compareAndRecognizeThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(CHECK.scale().thresholds()).extracting(RecommendedThreshold::score).containsExactly(
                FacepassThresholds.DEFAULTS.compare(), FacepassThresholds.DEFAULTS.recognize());
        assertThat(CHECK.scale().threshold(78).falseAcceptRate())
                .isLessThan(CHECK.scale().threshold(70).falseAcceptRate());
        assertThat(CHECK.problems(FacepassScore.SIMILARITY::toRaw)).isEmpty();
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(FacepassDialectProvider.ID);
    }
}
