package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.toolkit.dialect.ScoreCurves;
import org.junit.jupiter.api.Test;

class SensetimeScoreTest {
    private final SensetimeScore score = SensetimeScore.DEFAULT;

    @Test
    void theMeasuredAnchorsGiveTheDocumentsThresholds() {
        assertThat(score.confidence(0.135)).isEqualTo(0.4);
        assertThat(score.confidence(0.259)).isEqualTo(0.5);
        assertThat(score.confidence(0.512)).isEqualTo(0.6);
        assertThat(score.raw(0.6)).isEqualTo(0.512);
        assertThat(score.confidence(0.870)).isEqualTo(0.9);
        assertThat(SensetimeScore.samePerson(0.6)).isFalse();
        assertThat(SensetimeScore.samePerson(0.600001)).isTrue();
    }

    @Test
    void confidenceStaysInZeroToOneAndKeepsTheOrder() {
        assertThat(score.confidence(-1)).isZero();
        assertThat(score.confidence(1)).isEqualTo(1.0);
        ScoreCurves.assertNeverFallingWithinZeroToOne(score::confidence);
    }

    @Test
    void anchorsMayBeConfigured() {
        SensetimeScore custom = SensetimeScore.parse("-1, 0, 0.5, 0.6, 1, 1");

        assertThat(custom.confidence(0.5)).isEqualTo(0.6);
    }
}
