package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.polyface.spi.engine.Point;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a face onto the 112x112 ArcFace template with the least-squares similarity transform
 * (rotation, uniform scale, translation; Umeyama 1991) of its five points onto the template's.
 * Stateless and thread-safe.
 */
final class FaceAligner {

    public static final int SIZE = 112;

    /** Left eye, right eye, nose tip, left and right mouth corner in the 112x112 crop. */
    static final double[][] TEMPLATE = {
        {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {41.5493, 92.3655}, {70.7299, 92.2041}
    };

    private FaceAligner() {
    }

    /**
     * The 2x3 matrix {@code [[a, -b, tx], [b, a, ty]]} that maps the points onto the template with
     * the least squared error, row-major as {a, -b, tx, b, a, ty}.
     */
    public static double[] similarity(List<Point> points) {
        return similarity(points, TEMPLATE);
    }

    static double[] similarity(List<Point> from, double[][] to) {
        int n = from.size();
        if (n != to.length || n < 2) {
            throw new IllegalArgumentException("need matching point sets of at least 2, got " + n + " and " + to.length);
        }
        double mx = 0;
        double my = 0;
        double ux = 0;
        double uy = 0;
        for (int i = 0; i < n; i++) {
            mx += from.get(i).x();
            my += from.get(i).y();
            ux += to[i][0];
            uy += to[i][1];
        }
        mx /= n;
        my /= n;
        ux /= n;
        uy /= n;
        // For a 2-D similarity the Umeyama solution reduces to: scale*cos = sum(p.q)/sum|p|^2,
        // scale*sin = sum(p x q)/sum|p|^2, with p, q the centred source and target points.
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - mx;
            double py = from.get(i).y() - my;
            double qx = to[i][0] - ux;
            double qy = to[i][1] - uy;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm <= 1e-12) {
            throw new IllegalArgumentException("degenerate landmarks: all points coincide");
        }
        double a = dot / norm;
        double b = cross / norm;
        double tx = ux - (a * mx - b * my);
        double ty = uy - (b * mx + a * my);
        return new double[] {a, -b, tx, b, a, ty};
    }

    /** Writes the aligned 112x112 face into {@code target} (allocated by OpenCV if needed). */
    static void align(Mat bgr, List<Point> fivePoints, Mat target) {
        double[] m = similarity(fivePoints);
        try (Mat matrix = new Mat(2, 3, CV_64F);
                DoubleIndexer idx = matrix.createIndexer();
                Size size = new Size(SIZE, SIZE);
                Scalar black = new Scalar(0, 0, 0, 0)) {
            for (int i = 0; i < 6; i++) {
                idx.put(i / 3, i % 3, m[i]);
            }
            warpAffine(bgr, target, matrix, size, INTER_LINEAR, BORDER_CONSTANT, black);
        }
    }
}
