package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.engine.local.calibration.VendorThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FacePass's similarity mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class FacepassScoreCalibrationTest {
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        calibration = Calibration.measure(LabelledFaces.fromSystemProperty());
    }

    @Test
    void compareAndRecognizeThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(DialectScale.FACEPASS.thresholds()).extracting(VendorThreshold::score).containsExactly(
                FacepassThresholds.DEFAULTS.compare(), FacepassThresholds.DEFAULTS.recognize());
        for (VendorThreshold t : DialectScale.FACEPASS.thresholds()) {
            assertThat(DialectScale.FACEPASS.disagreement(calibration, t.score(), FacepassScore.SIMILARITY.toRaw(t.score()), 0.01))
                    .isEmpty();
        }
    }
}
