package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Exact binomial bounds, against values any statistics package gives (R's binom.test). */
class BinomialTest {

    @Test
    void noAcceptsBoundTheRateByTheRuleOfThree() {
        assertThat(Binomial.upperBound(0, 3744, 0.05)).isCloseTo(1 - Math.pow(0.05, 1.0 / 3744), within(1e-9))
                .isCloseTo(3.0 / 3744, within(2e-6));
        assertThat(Binomial.lowerBound(0, 3744, 0.025)).isZero();
    }

    @Test
    void twoSidedIntervalsMatchClopperPearson() {
        // binom.test(5, 100)$conf.int: 0.01643 0.11284; binom.test(1, 10): 0.00253 0.44502
        assertThat(Binomial.lowerBound(5, 100, 0.025)).isCloseTo(0.01643, within(1e-5));
        assertThat(Binomial.upperBound(5, 100, 0.025)).isCloseTo(0.11284, within(1e-5));
        assertThat(Binomial.lowerBound(1, 10, 0.025)).isCloseTo(0.00253, within(1e-5));
        assertThat(Binomial.upperBound(1, 10, 0.025)).isCloseTo(0.44502, within(1e-5));
        assertThat(Binomial.upperBound(10, 10, 0.025)).isEqualTo(1);
    }

    @Test
    void theDistributionSumsToOneAndLogGammaIsExact() {
        assertThat(Binomial.cdf(3744, 3744, 0.3)).isCloseTo(1, within(1e-9));
        assertThat(Binomial.cdf(0, 10, 0.5)).isCloseTo(Math.pow(0.5, 10), within(1e-15));
        assertThat(Binomial.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(Binomial.logGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(Binomial.logGamma(101)).isCloseTo(363.73937555556347, within(1e-9));
    }

    @Test
    void refusesCountsThatAreNotCounts() {
        assertThatThrownBy(() -> Binomial.upperBound(3, 2, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Binomial.upperBound(0, 0, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Binomial.upperBound(0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
