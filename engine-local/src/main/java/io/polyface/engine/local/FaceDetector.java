package io.polyface.engine.local;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.engine.BoundingBox;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face detection with UltraFace RFB-320 ({@code fr_detect.onnx}): the image is letterboxed into
 * 320x240 (aspect kept, padded with grey 127 on the right and bottom), fed as RGB (x - 127) / 128,
 * and the 4420 prior boxes whose face score passes the threshold go through NMS and back to
 * original pixels, clipped to the image.
 *
 * <p>Boxes whose shorter side is under {@code minFaceSize} original pixels are dropped (0 keeps
 * all; boxes under 2 pixels after clipping are always dropped, they cannot be cropped). Note that
 * the detector itself sees the image at most 320x240, so on large photos faces under roughly
 * 10/320 of the image width are missed whatever this setting.
 *
 * <p>Thread-safe.
 */
public final class FaceDetector implements AutoCloseable {

    static final int INPUT_WIDTH = 320;
    static final int INPUT_HEIGHT = 240;
    private static final int PRIORS = 4420;
    private static final double PAD = 127;

    /** One detected face in original image pixels. */
    public record Detection(BoundingBox box, double confidence) {
    }

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final double confidenceThreshold;
    private final NonMaxSuppression nms;
    private final double minFaceSize;
    private final ScratchPool<Scratch> scratch;

    FaceDetector(OrtEnvironment env, Path file, OrtSession.SessionOptions options, double confidenceThreshold,
            double nmsIouThreshold, double minFaceSize, int poolSize) throws OrtException {
        if (!(confidenceThreshold > 0 && confidenceThreshold < 1)) {
            throw new IllegalArgumentException("confidence threshold must be in (0, 1): " + confidenceThreshold);
        }
        if (minFaceSize < 0) {
            throw new IllegalArgumentException("minimum face size must not be negative: " + minFaceSize);
        }
        this.env = env;
        this.confidenceThreshold = confidenceThreshold;
        this.nms = new NonMaxSuppression(nmsIouThreshold);
        this.minFaceSize = minFaceSize;
        this.model = OnnxModel.open(env, file, options, new long[] {1, 3, INPUT_HEIGHT, INPUT_WIDTH},
                Map.of("scores", new long[] {1, PRIORS, 2}, "boxes", new long[] {1, PRIORS, 4}));
        this.scratch = new ScratchPool<>(Scratch::new, poolSize);
    }

    /** The faces in an 8-bit BGR image, highest confidence first. */
    public List<Detection> detect(Mat bgr) throws OrtException {
        Letterbox letterbox = Letterbox.of(bgr.cols(), bgr.rows(), INPUT_WIDTH, INPUT_HEIGHT);
        float[] scores;
        float[] boxes;
        Scratch s = scratch.borrow();
        try {
            s.canvas.put(s.padding);
            try (Size size = new Size(letterbox.scaledWidth(), letterbox.scaledHeight());
                    Rect area = new Rect(0, 0, letterbox.scaledWidth(), letterbox.scaledHeight());
                    Mat target = new Mat(s.canvas, area)) {
                resize(bgr, target, size, 0, 0, INTER_LINEAR);
            }
            s.input.fillRgb(s.canvas);
            try (OnnxTensor input = s.input.tensor(env);
                    OrtSession.Result result = model.run(input)) {
                scores = floats(result, "scores", PRIORS * 2);
                boxes = floats(result, "boxes", PRIORS * 4);
            }
        } finally {
            scratch.release(s);
        }
        return decode(letterbox, scores, boxes);
    }

    private List<Detection> decode(Letterbox letterbox, float[] scores, float[] boxes) {
        List<NonMaxSuppression.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < PRIORS; i++) {
            float face = scores[2 * i + 1];
            if (face > confidenceThreshold) {
                candidates.add(new NonMaxSuppression.Candidate(
                        letterbox.imageX(boxes[4 * i]), letterbox.imageY(boxes[4 * i + 1]),
                        letterbox.imageX(boxes[4 * i + 2]), letterbox.imageY(boxes[4 * i + 3]), face));
            }
        }
        List<Detection> faces = new ArrayList<>();
        int w = letterbox.imageWidth();
        int h = letterbox.imageHeight();
        for (NonMaxSuppression.Candidate c : nms.apply(candidates)) {
            double x1 = Math.clamp(c.x1(), 0, w);
            double y1 = Math.clamp(c.y1(), 0, h);
            double x2 = Math.clamp(c.x2(), 0, w);
            double y2 = Math.clamp(c.y2(), 0, h);
            double bw = x2 - x1;
            double bh = y2 - y1;
            if (bw >= 2 && bh >= 2 && Math.min(bw, bh) >= minFaceSize) {
                faces.add(new Detection(new BoundingBox(x1, y1, bw, bh), c.score()));
            }
        }
        return faces;
    }

    private static float[] floats(OrtSession.Result result, String name, int expected) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name)
                .orElseThrow(() -> new OrtException("detector output " + name + " missing"));
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.remaining() != expected) {
            throw new OrtException("detector output " + name + " has " + buffer.remaining() + " values, expected " + expected);
        }
        float[] values = new float[expected];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() {
        scratch.close();
        model.close();
    }

    private static final class Scratch implements AutoCloseable {
        final Mat canvas = new Mat(INPUT_HEIGHT, INPUT_WIDTH, CV_8UC3);
        final Scalar padding = new Scalar(PAD, PAD, PAD, 0);
        final PlanarTensor input = new PlanarTensor(3, INPUT_HEIGHT, INPUT_WIDTH);

        @Override
        public void close() {
            input.close();
            padding.close();
            canvas.close();
        }
    }
}
