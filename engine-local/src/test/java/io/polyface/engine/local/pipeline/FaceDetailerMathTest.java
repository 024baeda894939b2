package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.Orientation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoding of the detail models' outputs and the tile merge, without the models. */
class FaceDetailerMathTest {

    @Test
    void binnedAngleIsTheSoftmaxExpectationInThreeDegreeBins() {
        float[] certain = new float[66];
        Arrays.fill(certain, -100);
        certain[33] = 100;
        assertThat(FaceDetailer.binnedAngle(certain)).isCloseTo(33 * 3 - 99, within(1e-9));
        // Uniform bins: the expectation is the middle, 32.5 * 3 - 99.
        assertThat(FaceDetailer.binnedAngle(new float[66])).isCloseTo(-1.5, within(1e-9));
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        double[] p = FaceDetailer.softmax(new float[] {1000, 1000, -1000});
        assertThat(p[0]).isCloseTo(0.5, within(1e-12));
        assertThat(p[2]).isCloseTo(0, within(1e-12));
    }

    @Test
    void ssrMergeFollowsTheWrapper() {
        // Stage probabilities all on bin 2, no deltas or offsets: a = 2/3, b = 2/9, c = 2/27.
        float[] x = new float[21];
        x[2] = 1;
        x[5] = 1;
        x[8] = 1;
        assertThat(FaceDetailer.ssrMerge(x, 101)).isCloseTo((2.0 / 3 + 2.0 / 9 + 2.0 / 27) * 101, within(1e-6));
    }

    @Test
    void genderConfidenceIsHalfAtTheDemoThresholdAndOneAtTheEnds() {
        assertThat(FaceDetailer.genderEstimate(0.6).value()).isEqualTo(Gender.FEMALE);
        assertThat(FaceDetailer.genderEstimate(0.6).confidence()).isCloseTo(0.5, within(1e-9));
        assertThat(FaceDetailer.genderEstimate(1.0).value()).isEqualTo(Gender.MALE);
        assertThat(FaceDetailer.genderEstimate(1.2).confidence()).isCloseTo(1, within(1e-9));
        assertThat(FaceDetailer.genderEstimate(0.0).confidence()).isCloseTo(1, within(1e-9));
        assertThat(FaceDetailer.genderEstimate(0.8).confidence()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void orientationComesFromRollClockwisePositive() {
        assertThat(FaceQualityMeter.orientation(new FacePose(30, -25, 5))).isEqualTo(Orientation.UP);
        assertThat(FaceQualityMeter.orientation(new FacePose(0, 0, -35))).isEqualTo(Orientation.UP_LEFT);
        assertThat(FaceQualityMeter.orientation(new FacePose(0, 0, 35))).isEqualTo(Orientation.UP_RIGHT);
        assertThat(FaceQualityMeter.orientation(new FacePose(0, 0, 90))).isEqualTo(Orientation.RIGHT);
    }

    @Test
    void tileMergeDropsBoxesLyingInsideStrongerOnes() {
        NonMaxSuppression.Candidate big = new NonMaxSuppression.Candidate(0, 0, 100, 100, 0.99);
        NonMaxSuppression.Candidate inside = new NonMaxSuppression.Candidate(50, 50, 110, 110, 0.9); // 25/36 inside
        NonMaxSuppression.Candidate beside = new NonMaxSuppression.Candidate(80, 80, 140, 140, 0.8); // 4/36 inside
        assertThat(FaceDetector.withoutContained(List.of(big, inside, beside))).containsExactly(big, beside);
    }
}
