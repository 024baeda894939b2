package io.polyface.spi.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.QualityCheck;
import io.polyface.spi.QualityClass;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class QualityPolicyTest {

    /** A policy with every threshold: the one FacePass documents. */
    private static final QualityPolicy EVERY_CHECK = VendorQualityPolicies.FACEPASS;
    /** A policy of pose, blur, size and orientation only: the one the Qiniu dialect applies. */
    private static final QualityPolicy CLEAR_AND_UP = VendorQualityPolicies.QINIU;
    private static final FacePose FRONTAL = new FacePose(3, -8, 1);
    private static final FaceQuality GOOD = new FaceQuality(0.05, 140, 50, 180, Orientation.UP);

    @Test
    void everyCheckAcceptsAGoodFrontalFace() {
        assertThat(EVERY_CHECK.evaluate(FRONTAL, GOOD)).isEmpty();
        assertThat(EVERY_CHECK.accepts(FRONTAL, GOOD)).isTrue();
        assertThat(EVERY_CHECK.classify(FRONTAL, GOOD)).isEqualTo(QualityClass.CLEAR);
    }

    @Test
    void limitsAreInclusive() {
        FacePose edge = new FacePose(-20, 20, -20);
        FaceQuality atLimits = new FaceQuality(0.2, 75, 80, 100, Orientation.UP);
        assertThat(EVERY_CHECK.evaluate(edge, atLimits)).isEmpty();
        assertThat(EVERY_CHECK.evaluate(edge, new FaceQuality(0.2, 210, 80, 100, Orientation.UP))).isEmpty();
    }

    @Test
    void everyFailedCheckIsNamedInOrder() {
        FacePose turned = new FacePose(-25, 21, 30);
        FaceQuality bad = new FaceQuality(0.5, 60, 90, 99, Orientation.UP_LEFT);
        assertThat(EVERY_CHECK.evaluate(turned, bad)).containsExactly(
                QualityCheck.YAW, QualityCheck.PITCH, QualityCheck.ROLL, QualityCheck.BLUR, QualityCheck.TOO_DARK,
                QualityCheck.UNEVEN_LIGHT, QualityCheck.TOO_SMALL);
        assertThat(EVERY_CHECK.evaluate(FRONTAL, new FaceQuality(0.05, 211, 50, 180, Orientation.UP)))
                .containsExactly(QualityCheck.TOO_BRIGHT);
    }

    @Test
    void classPrefersSizeOverPoseOverBlur() {
        assertThat(EVERY_CHECK.classify(new FacePose(40, 0, 0), new FaceQuality(0.5, 140, 50, 50, Orientation.UP)))
                .isEqualTo(QualityClass.SMALL);
        assertThat(EVERY_CHECK.classify(new FacePose(40, 0, 0), new FaceQuality(0.5, 140, 50, 150, Orientation.UP)))
                .isEqualTo(QualityClass.POSE);
        assertThat(EVERY_CHECK.classify(FRONTAL, new FaceQuality(0.5, 20, 50, 150, Orientation.UP)))
                .isEqualTo(QualityClass.BLUR);
        assertThat(EVERY_CHECK.classify(FRONTAL, new FaceQuality(0.1, 20, 50, 150, Orientation.UP)))
                .isEqualTo(QualityClass.ILLUMINATION);
    }

    @Test
    void clearAndUpLeavesBrightnessAndRollToOthers() {
        assertThat(CLEAR_AND_UP.evaluate(FRONTAL, GOOD)).isEmpty();
        FaceQuality tilted = new FaceQuality(0.05, 140, 50, 180, Orientation.UP_LEFT);
        assertThat(CLEAR_AND_UP.evaluate(new FacePose(0, 0, -35), tilted)).containsExactly(QualityCheck.NOT_UPRIGHT);
        // Orientation is reported beside the class, so a tilted but sharp face is still "clear".
        assertThat(CLEAR_AND_UP.classify(new FacePose(0, 0, -35), tilted)).isEqualTo(QualityClass.CLEAR);
        assertThat(CLEAR_AND_UP.classify(FRONTAL, new FaceQuality(0.6, 140, 50, 180, Orientation.UP)))
                .isEqualTo(QualityClass.BLUR);
        assertThat(CLEAR_AND_UP.classify(FRONTAL, new FaceQuality(0.3, 140, 50, 180, Orientation.UP)))
                .as("softer than the stricter policy allows, still clear").isEqualTo(QualityClass.CLEAR);
        // Brightness is no part of this policy.
        assertThat(CLEAR_AND_UP.evaluate(FRONTAL, new FaceQuality(0.05, 20, 120, 180, Orientation.UP))).isEmpty();
    }

    @Test
    void anEmptyThresholdIsNotChecked() {
        QualityPolicy none = new QualityPolicy(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), false);
        assertThat(none.evaluate(new FacePose(90, 90, 90), new FaceQuality(1, 0, 200, 1, Orientation.DOWN))).isEmpty();
    }

    @Test
    void orientationSectorsAreFortyFiveDegreesCounterClockwise() {
        assertThat(Orientation.ofAngle(0)).isEqualTo(Orientation.UP);
        assertThat(Orientation.ofAngle(22.4)).isEqualTo(Orientation.UP);
        assertThat(Orientation.ofAngle(-22.4)).isEqualTo(Orientation.UP);
        assertThat(Orientation.ofAngle(35)).isEqualTo(Orientation.UP_LEFT);
        assertThat(Orientation.ofAngle(90)).isEqualTo(Orientation.LEFT);
        assertThat(Orientation.ofAngle(135)).isEqualTo(Orientation.DOWN_LEFT);
        assertThat(Orientation.ofAngle(180)).isEqualTo(Orientation.DOWN);
        assertThat(Orientation.ofAngle(-180)).isEqualTo(Orientation.DOWN);
        assertThat(Orientation.ofAngle(-135)).isEqualTo(Orientation.DOWN_RIGHT);
        assertThat(Orientation.ofAngle(-90)).isEqualTo(Orientation.RIGHT);
        assertThat(Orientation.ofAngle(-35)).isEqualTo(Orientation.UP_RIGHT);
        assertThat(Orientation.ofAngle(360 + 35)).isEqualTo(Orientation.UP_LEFT);
    }

    @Test
    void recordsRefuseBadValues() {
        assertThatThrownBy(() -> new FaceQuality(1.5, 100, 10, 100, Orientation.UP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FacePose(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaceAttributes.Estimate<>(Gender.MALE, 1.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaceLandmarks(List.of(), List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaceDetails(Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.of(2),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDetectedFaceWithoutDetailsKeepsTheOldConstructor() {
        DetectedFace face = new DetectedFace(new BoundingBox(1, 2, 3, 4), 0.9, List.of(), new Embedding(new float[] {1}, "v"));
        assertThat(face.details()).isEqualTo(FaceDetails.none());
        FaceDetails details = new FaceDetails(Optional.of(FRONTAL), Optional.empty(), Optional.empty(), OptionalDouble.of(0.7),
                Optional.empty());
        assertThat(face.withDetails(details).details().pose()).contains(FRONTAL);
    }
}
