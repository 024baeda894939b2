package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The arithmetic behind the calibration tables. */
class ScoreSampleTest {
    /** Ten impostor scores 0.0, 0.1, ..., 0.9 in shuffled order. */
    private final ScoreSample impostors =
            new ScoreSample("impostors", new double[] {0.5, 0.1, 0.9, 0.0, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6});

    @Test
    void acceptsScoresAtOrAboveTheThreshold() {
        assertThat(impostors.accepted(0.9)).isEqualTo(1);
        assertThat(impostors.accepted(0.85)).isEqualTo(1);
        assertThat(impostors.accepted(-1)).isEqualTo(10);
        assertThat(impostors.accepted(0.95)).isZero();
        assertThat(impostors.acceptRate(0.5)).isEqualTo(0.5);
        assertThat(impostors.countBetween(0.2, 0.5)).isEqualTo(3);
    }

    @Test
    void ranksCountFromTheHighest() {
        assertThat(impostors.highest(1)).isEqualTo(0.9);
        assertThat(impostors.highest(3)).isEqualTo(0.7);
        assertThatThrownBy(() -> impostors.highest(11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantilesUseTheNearestRank() {
        assertThat(impostors.quantile(0.5)).isEqualTo(0.4);
        assertThat(impostors.quantile(0.0)).isEqualTo(0.0);
        assertThat(impostors.quantile(1.0)).isEqualTo(0.9);
        assertThat(impostors.min()).isEqualTo(0.0);
        assertThat(impostors.max()).isEqualTo(0.9);
    }
}
