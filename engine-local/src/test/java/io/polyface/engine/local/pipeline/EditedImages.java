package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.function.BiConsumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Edited copies of a photo for the details tests: rotated, mirrored, blurred, darkened; PNG-encoded. */
final class EditedImages {

    private static final ImageDecoder DECODER = new ImageDecoder();

    private EditedImages() {
    }

    /** Rotated counter-clockwise (as seen on screen) about the centre, the canvas kept, edges replicated. */
    static byte[] rotated(byte[] image, double degreesCounterClockwise) {
        return edit(image, (src, dst) -> {
            try (Point2f centre = new Point2f(src.cols() / 2f, src.rows() / 2f);
                    Mat m = getRotationMatrix2D(centre, degreesCounterClockwise, 1);
                    Size size = new Size(src.cols(), src.rows());
                    Scalar black = new Scalar(0, 0, 0, 0)) {
                warpAffine(src, dst, m, size, INTER_LINEAR, BORDER_REPLICATE, black);
            }
        });
    }

    static byte[] mirrored(byte[] image) {
        return edit(image, (src, dst) -> flip(src, dst, 1));
    }

    /** Gaussian blur with the given sigma in pixels of the image. */
    static byte[] blurred(byte[] image, double sigma) {
        return edit(image, (src, dst) -> {
            try (Size auto = new Size(0, 0)) {
                GaussianBlur(src, dst, auto, sigma);
            }
        });
    }

    /** Every pixel value multiplied by the factor. */
    static byte[] scaled(byte[] image, double factor) {
        return edit(image, (src, dst) -> src.convertTo(dst, CV_8U, factor, 0));
    }

    private static byte[] edit(byte[] image, BiConsumer<Mat, Mat> operation) {
        try (Mat src = DECODER.decode(image);
                Mat dst = new Mat();
                BytePointer out = new BytePointer()) {
            operation.accept(src, dst);
            if (!imencode(".png", dst, out)) {
                throw new IllegalStateException("could not encode the edited image");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
