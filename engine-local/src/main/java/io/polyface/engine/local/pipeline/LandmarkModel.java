package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.Point;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * 68-point facial landmarks ({@code fr_landmark.onnx}): the face box, clipped to the image, is cut
 * out, resized to 64x64, turned grey and scaled by 1/256; the model answers 68 (x, y) pairs as
 * fractions of the crop, mapped here back to image pixels. Thread-safe.
 */
final class LandmarkModel implements AutoCloseable {

    static final int SIZE = 64;
    static final int POINTS = 68;

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final ScratchPool<Scratch> scratch;

    LandmarkModel(OrtEnvironment env, Path file, OrtSession.SessionOptions options, int poolSize) throws OrtException {
        this.env = env;
        this.model = OnnxModel.open(env, file, options, new long[] {1, 1, SIZE, SIZE},
                Map.of("output", new long[] {1, POINTS * 2}));
        this.scratch = new ScratchPool<>(Scratch::new, poolSize);
    }

    /** The 68 landmarks of the face in the box, in image pixels. */
    public List<Point> landmarks(Mat bgr, BoundingBox box) throws OrtException {
        int x1 = (int) Math.max(0, Math.floor(box.x()));
        int y1 = (int) Math.max(0, Math.floor(box.y()));
        int x2 = (int) Math.min(bgr.cols(), Math.ceil(box.x() + box.width()));
        int y2 = (int) Math.min(bgr.rows(), Math.ceil(box.y() + box.height()));
        if (x2 - x1 < 2 || y2 - y1 < 2) {
            throw new IllegalArgumentException("face box " + box + " is outside the " + bgr.cols() + "x" + bgr.rows() + " image");
        }
        float[] out = new float[POINTS * 2];
        Scratch s = scratch.borrow();
        try {
            try (Rect area = new Rect(x1, y1, x2 - x1, y2 - y1);
                    Mat crop = new Mat(bgr, area)) {
                resize(crop, s.resized, s.size, 0, 0, INTER_LINEAR);
            }
            cvtColor(s.resized, s.grey, COLOR_BGR2GRAY);
            s.input.fillGrey(s.grey, 1.0 / 256);
            try (OnnxTensor input = s.input.tensor(env);
                    OrtSession.Result result = model.run(input)) {
                FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
                values.get(out);
            }
        } finally {
            scratch.release(s);
        }
        double w = x2 - x1;
        double h = y2 - y1;
        List<Point> points = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            points.add(new Point(x1 + out[2 * i] * w, y1 + out[2 * i + 1] * h));
        }
        return points;
    }

    @Override
    public void close() {
        scratch.close();
        model.close();
    }

    private static final class Scratch implements AutoCloseable {
        final Size size = new Size(SIZE, SIZE);
        final Mat resized = new Mat(SIZE, SIZE, CV_8UC3);
        final Mat grey = new Mat(SIZE, SIZE, CV_8UC1);
        final PlanarTensor input = new PlanarTensor(1, SIZE, SIZE);

        @Override
        public void close() {
            input.close();
            grey.close();
            resized.close();
            size.close();
        }
    }
}
