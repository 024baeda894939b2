package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.engine.local.pipeline.NonMaxSuppression.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private final NonMaxSuppression nms = new NonMaxSuppression(0.4);

    @Test
    void keepsTheBestOfOverlappingBoxes() {
        Candidate weak = new Candidate(0, 0, 10, 10, 0.7);
        Candidate strong = new Candidate(1, 1, 11, 11, 0.9);
        assertThat(nms.apply(List.of(weak, strong))).containsExactly(strong);
    }

    @Test
    void keepsSeparateBoxesHighestScoreFirst() {
        Candidate a = new Candidate(0, 0, 10, 10, 0.7);
        Candidate b = new Candidate(20, 20, 30, 30, 0.9);
        assertThat(nms.apply(List.of(a, b))).containsExactly(b, a);
    }

    @Test
    void overlapAtTheThresholdIsKept() {
        // IoU of these two is exactly 1/3, under 0.4
        Candidate a = new Candidate(0, 0, 10, 10, 0.9);
        Candidate b = new Candidate(5, 0, 15, 10, 0.8);
        assertThat(nms.apply(List.of(a, b))).containsExactly(a, b);
        assertThat(new NonMaxSuppression(0.3).apply(List.of(a, b))).containsExactly(a);
    }

    @Test
    void suppressedBoxesDoNotSuppressOthers() {
        Candidate top = new Candidate(0, 0, 10, 10, 0.9);
        Candidate middle = new Candidate(4, 0, 14, 10, 0.8); // IoU with top 0.43: suppressed
        Candidate right = new Candidate(8, 0, 18, 10, 0.7); // IoU with middle 0.43, with top 0.11: kept
        assertThat(nms.apply(List.of(right, middle, top))).containsExactly(top, right);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(nms.apply(List.of())).isEmpty();
    }

    @Test
    void rejectsThresholdsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new NonMaxSuppression(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonMaxSuppression(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
