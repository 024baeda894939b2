package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.polyface.toolkit.dialect.ScoreCurves;
import org.junit.jupiter.api.Test;

class DmaiScoreTest {
    private final DmaiScore score = DmaiScore.DEFAULT;

    @Test
    void theCalibratedCenterMapsToTheRecommendedThreshold() {
        assertThat(score.fromCosine(score.center())).isCloseTo(DmaiScore.RECOMMENDED_THRESHOLD, within(1e-12));
    }

    @Test
    void scoresStayInsideZeroToOneAndKeepTheOrder() {
        ScoreCurves.assertRisingWithinZeroToOne(score::fromCosine);
    }

    @Test
    void toCosineInvertsFromCosine() {
        for (double cosine : new double[] {-0.5, 0.0, 0.3, 0.36, 0.7, 0.95}) {
            assertThat(score.toCosine(score.fromCosine(cosine))).isCloseTo(cosine, within(1e-9));
        }
    }

    @Test
    void theSpiCalibrationGivesExactlyTheScoresOfTheLogisticFormula() {
        for (double cosine = -1.0; cosine <= 1.0; cosine += 0.001) {
            double formula = 1.0 / (1.0 + Math.exp(-10.0 * (cosine - 0.512)));
            assertThat(score.fromCosine(cosine)).isEqualTo(formula);
        }
    }
}
