package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A rate prints only what its count supports. */
class FalseAcceptRateTest {

    @Test
    void noAcceptsPrintAsTheRuleOfThreeNeverAsZero() {
        FalseAcceptRate none = new FalseAcceptRate(0, 3744);

        assertThat(none.estimate()).isZero();
        assertThat(none).hasToString("< 8.0e-4 (0/3744; 95%, rule of three)");
        assertThat(none.upperBound()).isBetween(7.9e-4, 8.1e-4);
    }

    @Test
    void acceptsPrintWithTheirCountAndInterval() {
        FalseAcceptRate some = new FalseAcceptRate(5, 100);

        assertThat(some).hasToString("5.0e-2 (5/100; 95% CI 1.6e-2..1.1e-1)");
        assertThat(some.lowerEnd()).isLessThan(some.estimate());
        assertThat(some.upperEnd()).isGreaterThan(some.upperBound()).isGreaterThan(some.estimate());
    }

    @Test
    void countsMustBeCounts() {
        assertThatThrownBy(() -> new FalseAcceptRate(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FalseAcceptRate(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FalseAcceptRate(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FalseAcceptRate.scientific(0)).isEqualTo("0");
        assertThat(FalseAcceptRate.scientific(1.25e-3)).isEqualTo("1.3e-3");
    }
}
