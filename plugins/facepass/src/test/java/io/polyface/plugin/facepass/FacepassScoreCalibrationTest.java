package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FacePass's similarity mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class FacepassScoreCalibrationTest {
    private static final DialectScale SCALE = DialectScale.of(new FacepassDialectProvider()).orElseThrow();
    private static LabelledFaces faces;
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        faces = LabelledFaces.fromSystemProperty();
        calibration = Calibration.measure(faces);
    }

    @Test
    void compareAndRecognizeThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(SCALE.thresholds()).extracting(RecommendedThreshold::score).containsExactly(
                FacepassThresholds.DEFAULTS.compare(), FacepassThresholds.DEFAULTS.recognize());
        assertThat(SCALE.threshold(78).falseAcceptRate()).isLessThan(SCALE.threshold(70).falseAcceptRate());
        assertThat(DialectScaleCheck.problems(SCALE, faces, calibration, FacepassScore.SIMILARITY::toRaw)).isEmpty();
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(FacepassDialectProvider.ID);
    }
}
