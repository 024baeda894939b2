package io.polyface.spi.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.spi.dialect.ScoreCalibration.Anchor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {
    /** A FacePass-like 0..100 scale: 70 and 78 at two measured raw thresholds. */
    private final ScoreCalibration.PiecewiseLinear scale =
            ScoreCalibration.piecewiseLinear(-1.0, 0.0, 0.30, 60.0, 0.40, 70.0, 0.50, 78.0, 1.0, 100.0);

    @Test
    void anchorsAreHitExactlyBothWays() {
        for (Anchor anchor : scale.anchors()) {
            assertThat(scale.toScore(anchor.raw())).isEqualTo(anchor.score());
            assertThat(scale.toRaw(anchor.score())).isEqualTo(anchor.raw());
        }
    }

    @Test
    void interpolatesLinearlyBetweenAnchors() {
        assertThat(scale.toScore(0.45)).isCloseTo(74.0, within(1e-12));
        assertThat(scale.toRaw(74.0)).isCloseTo(0.45, within(1e-12));
        assertThat(scale.toScore(0.75)).isCloseTo(89.0, within(1e-12));
    }

    @Test
    void isStrictlyIncreasingAndInvertible() {
        assertIncreasingAndInvertible(scale, 0.001, 100.0);
    }

    @Test
    void clampsOutsideTheAnchors() {
        ScoreCalibration.PiecewiseLinear narrow = ScoreCalibration.piecewiseLinear(0.2, 0.4, 0.5, 0.6);
        assertThat(narrow.toScore(-1.0)).isEqualTo(0.4);
        assertThat(narrow.toScore(0.1)).isEqualTo(0.4);
        assertThat(narrow.toScore(0.9)).isEqualTo(0.6);
        assertThat(narrow.toScore(Double.POSITIVE_INFINITY)).isEqualTo(0.6);
        assertThat(narrow.toRaw(0.0)).isEqualTo(0.2);
        assertThat(narrow.toRaw(1.0)).isEqualTo(0.5);
        assertThat(narrow.minScore()).isEqualTo(0.4);
        assertThat(narrow.maxScore()).isEqualTo(0.6);
    }

    @Test
    void refusesAnchorsThatWouldBreakTheOrderOrCannotBeInverted() {
        assertThatThrownBy(() -> ScoreCalibration.piecewiseLinear(0.3, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
        assertThatThrownBy(() -> ScoreCalibration.piecewiseLinear(0.3, 50, 0.3, 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly");
        assertThatThrownBy(() -> ScoreCalibration.piecewiseLinear(0.3, 50, 0.4, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly");
        assertThatThrownBy(() -> ScoreCalibration.piecewiseLinear(0.5, 50, 0.4, 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly");
        assertThatThrownBy(() -> ScoreCalibration.piecewiseLinear(0.3, 50, 0.4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
        assertThatThrownBy(() -> new Anchor(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> scale.toScore(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreCalibration.PiecewiseLinear(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anchorsAreCopied() {
        List<Anchor> anchors = new java.util.ArrayList<>(List.of(new Anchor(0, 0), new Anchor(1, 1)));
        ScoreCalibration.PiecewiseLinear calibration = new ScoreCalibration.PiecewiseLinear(anchors);
        anchors.add(new Anchor(2, 2));
        assertThat(calibration.anchors()).hasSize(2);
    }

    @Test
    void logisticIsCentredMonotonicAndInvertible() {
        ScoreCalibration.Logistic logistic = ScoreCalibration.logistic(0.33, 10.0);
        assertThat(logistic.toScore(0.33)).isEqualTo(0.5);
        assertThat(logistic.toScore(-1.0)).isGreaterThan(0.0);
        assertIncreasingAndInvertible(logistic, 0.01, 1.0);
        assertThatThrownBy(() -> ScoreCalibration.logistic(0.33, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steepness");
    }

    /** Over raw values from -1 to 1 in steps of {@code step}: scores rise strictly, stay in 0..max, and map back. */
    private static void assertIncreasingAndInvertible(ScoreCalibration calibration, double step, double max) {
        double previous = Double.NEGATIVE_INFINITY;
        int steps = (int) Math.round(2.0 / step);
        for (int i = 0; i <= steps; i++) {
            double raw = -1.0 + i * step;
            double score = calibration.toScore(raw);
            assertThat(score).isGreaterThan(previous).isBetween(0.0, max);
            assertThat(calibration.toRaw(score)).isCloseTo(raw, within(1e-9));
            previous = score;
        }
    }
}
