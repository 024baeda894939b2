package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.Orientation;
import io.polyface.spi.engine.Point;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The image quality of a face, measured with OpenCV alone (no model): brightness and contrast of
 * its box, blur of its aligned face, its size, and its orientation from the pose's roll. The
 * {@link FaceDetailer} measures it when {@code QUALITY} is asked for.
 *
 * <p>Thread-safe: each call gets the native scratch memory it writes to.
 */
final class FaceQualityMeter {

    /**
     * Laplacian-to-grey variance ratio at which blur is 0.5 (see {@link #blur}). Set once, not per
     * photo: sharp labelled photos then sit well under FacePass's 0.2 (median 0.08, 90% under 0.19),
     * and a Gaussian blur of sigma 2 to 3 px on a 230-370 px face crosses it.
     */
    static final double BLUR_HALF_RATIO = 0.05;
    /** The measured square of the aligned face: eyes to chin. */
    static final int BLUR_LEFT = 16;
    static final int BLUR_TOP = 24;
    static final int BLUR_SIDE = 80;
    /** A quarter of the square: less of the face inside the photo shows no detail to judge. */
    static final int BLUR_MIN_PIXELS = BLUR_SIDE * BLUR_SIDE / 4;

    private FaceQualityMeter() {
    }

    /** The quality of one face, whose five alignment points and pose are known. */
    static FaceQuality measure(Scratch s, Mat bgr, BoundingBox box, List<Point> fivePoints, FacePose facePose) {
        double[] meanStd;
        try (Rect area = FaceDetailer.clip(box.x(), box.y(), box.width(), box.height(), bgr);
                Mat face = new Mat(bgr, area);
                Mat grey = new Mat()) {
            cvtColor(face, grey, COLOR_BGR2GRAY);
            meanStd = meanStd(grey);
        }
        double size = Math.min(box.width(), box.height());
        return new FaceQuality(blur(s, bgr, fivePoints), meanStd[0], meanStd[1], size, orientation(facePose));
    }

    /**
     * Blur in 0..1: the face is aligned to the 112x112 template (so every face is judged at one
     * scale, without most of the background), turned grey, and over its central 80x80 (eyes to chin)
     * the variance of the Laplacian is divided by the variance of the grey levels, which makes the
     * ratio r independent of contrast and exposure (a darkened face is no blurrier). Blur is {@code h
     * / (h + r)} with h = {@value #BLUR_HALF_RATIO}: a face full of edges tends to 0, a face without
     * any to 1. Only pixels taken from inside the photo count: where the template reaches past the
     * photo's edge (a tight crop, a face cut by the border) the aligned face is filled with black,
     * and that edge is the photo's, not the face's detail.
     */
    private static double blur(Scratch s, Mat bgr, List<Point> fivePoints) {
        FaceAligner.align(bgr, fivePoints, s.aligned);
        cvtColor(s.aligned, s.alignedGrey, COLOR_BGR2GRAY);
        int measured = insidePhoto(FaceAligner.similarity(fivePoints), bgr.cols(), bgr.rows(), s.inside);
        if (measured < BLUR_MIN_PIXELS) {
            return 1; // too little of the face is in the photo to see any detail
        }
        try (Rect centre = new Rect(BLUR_LEFT, BLUR_TOP, BLUR_SIDE, BLUR_SIDE);
                Mat inner = new Mat(s.alignedGrey, centre);
                Mat laplacian = new Mat()) {
            Laplacian(inner, laplacian, CV_64F);
            double edges = meanStd(laplacian, s.inside)[1];
            double contrast = meanStd(inner, s.inside)[1];
            if (contrast < 1) {
                return 1; // a flat grey patch: no detail at all
            }
            double ratio = (edges * edges) / (contrast * contrast);
            return BLUR_HALF_RATIO / (BLUR_HALF_RATIO + ratio);
        }
    }

    /**
     * Marks in {@code mask} (BLUR_SIDE square, 8-bit) the pixels of the measured square whose 3x3
     * neighbourhood (what the Laplacian reads) maps inside the photo, and counts them. The template
     * maps onto the photo by the inverse of the alignment's similarity {@code [[a, -b, tx], [b, a,
     * ty]]}; an affine map keeps a square convex, so checking its corners is enough.
     */
    static int insidePhoto(double[] m, int width, int height, Mat mask) {
        double a = m[0];
        double b = m[3];
        double tx = m[2];
        double ty = m[5];
        double det = a * a + b * b;
        int count = 0;
        try (UByteIndexer out = mask.createIndexer()) {
            for (int row = 0; row < BLUR_SIDE; row++) {
                for (int col = 0; col < BLUR_SIDE; col++) {
                    boolean inside = true;
                    for (int corner = 0; corner < 4 && inside; corner++) {
                        double u = BLUR_LEFT + col + (corner % 2 == 0 ? -1 : 1) - tx;
                        double v = BLUR_TOP + row + (corner < 2 ? -1 : 1) - ty;
                        double x = (a * u + b * v) / det;
                        double y = (-b * u + a * v) / det;
                        inside = x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1;
                    }
                    out.put(row, col, inside ? 255 : 0);
                    count += inside ? 1 : 0;
                }
            }
        }
        return count;
    }

    /**
     * The midline's direction from roll alone: roll is the in-plane turn of the face, yaw and pitch
     * turn it out of the image plane and leave the midline's direction as it was. The pose model's
     * roll is positive when the head leans towards the image's right (clockwise on screen), so the
     * counter-clockwise midline angle is -roll. The model saturates near +-99 degrees, so faces turned
     * further (upside down) are not classified reliably; the detector rarely finds them anyway.
     */
    static Orientation orientation(FacePose facePose) {
        return Orientation.ofAngle(-facePose.roll());
    }

    private static double[] meanStd(Mat m) {
        try (Mat noMask = new Mat()) {
            return meanStd(m, noMask);
        }
    }

    private static double[] meanStd(Mat m, Mat mask) {
        try (Mat mean = new Mat();
                Mat std = new Mat()) {
            meanStdDev(m, mean, std, mask);
            try (DoubleIndexer mi = mean.createIndexer();
                    DoubleIndexer si = std.createIndexer()) {
                return new double[] {mi.get(0), si.get(0)};
            }
        }
    }

    /** The native memory one measurement writes to, kept for the next. */
    static final class Scratch implements AutoCloseable {
        final Mat aligned = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC3);
        final Mat alignedGrey = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC1);
        final Mat inside = new Mat(BLUR_SIDE, BLUR_SIDE, CV_8UC1);

        @Override
        public void close() {
            inside.close();
            alignedGrey.close();
            aligned.close();
        }
    }
}
