package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.calibration.Calibration;
import io.polyface.engine.local.calibration.DialectScale;
import io.polyface.engine.local.calibration.DialectScaleCheck;
import io.polyface.engine.local.calibration.LabelledFaces;
import io.polyface.spi.dialect.RecommendedThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Qiniu's face-score mapping pinned to a fresh calibration of the local engine on the labelled
 * faces ({@code ./polyface calibrate}): a model or pipeline change that moves the scores fails here.
 */
class QiniuScoreCalibrationTest {
    private static final DialectScale SCALE = DialectScale.of(new QiniuDialectProvider()).orElseThrow();
    private static LabelledFaces faces;
    private static Calibration calibration;

    @BeforeAll
    static void measure() {
        faces = LabelledFaces.fromSystemProperty();
        calibration = Calibration.measure(faces);
    }

    @Test
    void photoAndSurveillanceThresholdsSitWhereTheirRatesAreHeld() {
        assertThat(SCALE.thresholds()).extracting(RecommendedThreshold::score)
                .containsExactly(QiniuScore.SURVEILLANCE_THRESHOLD, QiniuScore.PHOTO_THRESHOLD);
        assertThat(SCALE.threshold(0.35).falseAcceptRate()).isGreaterThan(SCALE.threshold(0.45).falseAcceptRate());
        assertThat(DialectScaleCheck.problems(SCALE, faces, calibration, QiniuScore.DEFAULT::toCosine)).isEmpty();
    }

    @Test
    void theCalibrationFindsTheScaleOnTheClassPath() {
        assertThat(DialectScale.onClassPath()).extracting(DialectScale::dialect).contains(QiniuDialectProvider.ID);
    }
}
