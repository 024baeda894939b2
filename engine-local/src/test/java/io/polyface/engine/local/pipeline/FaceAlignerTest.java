package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.polyface.spi.engine.Point;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {

    /** The template moved by a similarity: rotate by angle, scale, translate. */
    private static List<Point> transformedTemplate(double angle, double scale, double tx, double ty) {
        List<Point> points = new ArrayList<>();
        for (double[] t : FaceAligner.TEMPLATE) {
            double x = scale * (Math.cos(angle) * t[0] - Math.sin(angle) * t[1]) + tx;
            double y = scale * (Math.sin(angle) * t[0] + Math.cos(angle) * t[1]) + ty;
            points.add(new Point(x, y));
        }
        return points;
    }

    private static double[] apply(double[] m, Point p) {
        return new double[] {m[0] * p.x() + m[1] * p.y() + m[2], m[3] * p.x() + m[4] * p.y() + m[5]};
    }

    @Test
    void rotatedScaledPointsMapBackOntoTheTemplate() {
        List<Point> face = transformedTemplate(Math.toRadians(25), 3.7, 410, -55);
        double[] m = FaceAligner.similarity(face);
        for (int i = 0; i < face.size(); i++) {
            double[] mapped = apply(m, face.get(i));
            assertThat(mapped[0]).isCloseTo(FaceAligner.TEMPLATE[i][0], within(1e-6));
            assertThat(mapped[1]).isCloseTo(FaceAligner.TEMPLATE[i][1], within(1e-6));
        }
        // a similarity: uniform scale 1/3.7 and rotation by -25 degrees
        assertThat(Math.hypot(m[0], m[3])).isCloseTo(1 / 3.7, within(1e-9));
        assertThat(Math.toDegrees(Math.atan2(m[3], m[0]))).isCloseTo(-25, within(1e-6));
    }

    @Test
    void noisyPointsMapCloseToTheTemplate() {
        Random random = new Random(7);
        List<Point> face = new ArrayList<>();
        for (Point p : transformedTemplate(Math.toRadians(-40), 0.8, 12, 30)) {
            face.add(new Point(p.x() + random.nextGaussian() * 0.3, p.y() + random.nextGaussian() * 0.3));
        }
        double[] m = FaceAligner.similarity(face);
        for (int i = 0; i < face.size(); i++) {
            double[] mapped = apply(m, face.get(i));
            assertThat(Math.hypot(mapped[0] - FaceAligner.TEMPLATE[i][0], mapped[1] - FaceAligner.TEMPLATE[i][1]))
                    .isLessThan(1.5);
        }
    }

    @Test
    void mirroredPointsAreNotFlipped() {
        // A similarity has no reflection; a mirrored face must not map exactly.
        List<Point> mirrored = new ArrayList<>();
        for (double[] t : FaceAligner.TEMPLATE) {
            mirrored.add(new Point(-t[0], t[1]));
        }
        double[] m = FaceAligner.similarity(mirrored);
        assertThat(m[0] * m[4] - m[1] * m[3]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void warpsToA112SquareCrop() {
        try (Mat image = new Mat(400, 300, CV_8UC3, new Scalar(10, 20, 30, 0));
                Mat aligned = new Mat()) {
            FaceAligner.align(image, transformedTemplate(0.3, 2, 50, 40), aligned);
            assertThat(aligned.cols()).isEqualTo(112);
            assertThat(aligned.rows()).isEqualTo(112);
            assertThat(aligned.type()).isEqualTo(CV_8UC3);
        }
    }

    @Test
    void coincidentPointsAreRejected() {
        List<Point> same = Collections.nCopies(5, new Point(3, 3));
        assertThatThrownBy(() -> FaceAligner.similarity(same)).isInstanceOf(IllegalArgumentException.class);
    }
}
