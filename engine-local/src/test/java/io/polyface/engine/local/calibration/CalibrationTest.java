package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.engine.local.calibration.Calibration.Basis;
import io.polyface.engine.local.calibration.Calibration.OperatingPoint;
import io.polyface.engine.local.calibration.FaceScores.Comparison;
import io.polyface.engine.local.calibration.FaceScores.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a false-accept-rate target becomes a raw threshold, on scores known in advance. */
class CalibrationTest {
    /** 1,000 impostors spread evenly over [-0.5, 0.5), half a step off the grid; 100 genuine over [0.4, 0.9). */
    private final Calibration calibration = Calibration.of(scores(1000, 100));

    @Test
    void aRateTheSampleResolvesIsMeasured() {
        // 100 impostors lie at 0.400 and above: the lowest threshold with at most 10% of them.
        OperatingPoint point = calibration.forRate(0.1);

        assertThat(point.basis()).isEqualTo(Basis.MEASURED);
        assertThat(point.raw()).isCloseTo(0.4, within(1e-9));
        assertThat(point.far().accepted()).isEqualTo(100);
        assertThat(point.genuineAccepted()).isEqualTo(100);
    }

    @Test
    void aRateTheSampleCanOnlyBoundUsesTheUpperBound() {
        // 5 accepts expected: too few to measure. One accept among 1,000 bounds the rate to 4.7e-3 at 95%,
        // two to 6.3e-3, so at most one impostor may remain above the threshold.
        OperatingPoint point = calibration.forRate(5e-3);

        assertThat(point.basis()).isEqualTo(Basis.UPPER_BOUND);
        assertThat(point.far().accepted()).isEqualTo(1);
        assertThat(point.far().upperBound()).isLessThanOrEqualTo(5e-3);
        assertThat(calibration.farAt(point.raw() - Calibration.GRID).upperBound()).isGreaterThan(5e-3);
    }

    @Test
    void aRateNoCountCanShowIsExtrapolatedAboveEveryImpostor() {
        OperatingPoint bound = calibration.forRate(3e-3);
        OperatingPoint fitted = calibration.forRate(1e-4);
        OperatingPoint smaller = calibration.forRate(1e-5);

        assertThat(bound.basis()).isEqualTo(Basis.UPPER_BOUND);
        assertThat(bound.far().accepted()).isZero();
        assertThat(fitted.basis()).isEqualTo(Basis.EXTRAPOLATED);
        assertThat(fitted.raw()).isGreaterThan(calibration.highestImpostor()).isGreaterThan(bound.raw());
        // From the bound of no accepts (3.0e-3) down to 1e-4 along the tail: log10(30) decades.
        double expected = calibration.aboveAll() + calibration.tail().decade() * Math.log10(calibration.boundAboveAll() / 1e-4);
        assertThat(fitted.raw()).isCloseTo(expected, within(Calibration.GRID));
        assertThat(smaller.raw() - fitted.raw()).isCloseTo(calibration.tail().decade(), within(2 * Calibration.GRID));
    }

    @Test
    void smallerRatesNeverGetLowerThresholds() {
        double previous = -1;
        for (double target : new double[] {0.3, 0.1, 0.03, 1e-2, 5e-3, 3e-3, 1e-3, 1e-4, 1e-5, 1e-6}) {
            double raw = calibration.forRate(target).raw();
            assertThat(raw).as("target %s", target).isGreaterThan(previous);
            previous = raw;
        }
    }

    @Test
    void theRateAtAThresholdIsTheConservativeOne() {
        assertThat(calibration.rateAt(0.3)).isEqualTo(0.2);
        assertThat(calibration.rateBasis(0.3)).isEqualTo(Basis.MEASURED);
        assertThat(calibration.rateAt(0.498)).isEqualTo(new FalseAcceptRate(2, 1000).upperBound());
        assertThat(calibration.rateBasis(0.498)).isEqualTo(Basis.UPPER_BOUND);
        assertThat(calibration.rateAt(calibration.aboveAll())).isEqualTo(calibration.boundAboveAll());
        assertThat(calibration.rateAt(calibration.aboveAll() + calibration.tail().decade()))
                .isCloseTo(calibration.boundAboveAll() / 10, within(1e-9));
        assertThat(calibration.rateBasis(0.9)).isEqualTo(Basis.EXTRAPOLATED);
    }

    @Test
    void aGalleryMultipliesTheRisk() {
        assertThat(Calibration.perSearch(1e-3, 1)).isCloseTo(1e-3, within(1e-15));
        assertThat(Calibration.perSearch(1e-6, 1000)).isCloseTo(1 - Math.pow(1 - 1e-6, 1000), within(1e-12));
        assertThat(Calibration.perComparison(Calibration.perSearch(1e-5, 100_000), 100_000)).isCloseTo(1e-5, within(1e-15));
        assertThat(Calibration.perComparison(1e-3, 1_000_000)).isCloseTo(1e-9, within(1e-12));
        assertThatThrownBy(() -> Calibration.perComparison(1e-3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTailFitIsTheMeanExcessOverItsFloor() {
        // The top 5% of 1,000 evenly spread scores: 50 of them, 0.001 apart above the floor 0.4495.
        ImpostorTail tail = calibration.tail();

        assertThat(tail.fitted()).isEqualTo(50);
        assertThat(tail.floor()).isCloseTo(0.4495, within(1e-9));
        assertThat(tail.scale()).isCloseTo(0.0255, within(1e-9));
        assertThat(tail.continuedTo(0.5, 1e-3, 1e-4)).isCloseTo(0.5 + tail.decade(), within(1e-12));
    }

    @Test
    void aCalibrationNeedsBothKindsOfComparison() {
        assertThatThrownBy(() -> Calibration.of(scores(0, 10))).hasMessageContaining("genuine and impostor");
        assertThatThrownBy(() -> calibration.forRate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static FaceScores scores(int impostors, int genuine) {
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < impostors; i++) {
            comparisons.add(new Comparison("i" + i, "j" + i, -0.5 + (i + 0.5) / 1000.0, Kind.KNOWN_DIFFERENT));
        }
        for (int i = 0; i < genuine; i++) {
            comparisons.add(new Comparison("g" + i, "h" + i, 0.4 + i * 0.005, Kind.GENUINE));
        }
        return new FaceScores("synthetic-v1", Map.of(), comparisons, List.of());
    }
}
