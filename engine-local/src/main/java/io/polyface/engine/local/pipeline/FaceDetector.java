package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.engine.BoundingBox;
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
 * the detector itself sees the image at most 320x240, so in one pass over a large photo faces
 * under roughly 10/320 of the image width are missed whatever this setting; {@link #detectTiled}
 * looks again on tiles.
 *
 * <p>Thread-safe.
 */
final class FaceDetector implements AutoCloseable {

    static final int INPUT_WIDTH = 320;
    static final int INPUT_HEIGHT = 240;
    private static final int PRIORS = 4420;
    private static final double PAD = 127;
    /** Detector-scale size of the smallest face above which a photo counts as a close-up (see {@link #detectTiled}). */
    static final double CLOSE_UP_FACE = 40;

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

    /** The faces in an 8-bit BGR image, highest confidence first: one pass over the whole image. */
    public List<Detection> detect(Mat bgr) throws OrtException {
        return finish(nms.apply(candidates(bgr, 0, 0, Edges.NONE)), bgr.cols(), bgr.rows());
    }

    /**
     * The faces in an 8-bit BGR image, highest confidence first, looking harder on large images: when
     * the image is at least {@code minTileScale} times the detector's 320x240 input (by the larger of
     * the two ratios), a second pass runs on overlapping tiles, each letterboxed on its own, and all
     * boxes go through one NMS. The single pass sees a 1600 px photo at a fifth of its size, where a
     * 40 px face is 8 px and lost; a tile shows it two or three times larger.
     *
     * <p>Tiles: 2x2 when the ratio is under 5, else 3x3, each overlapping its neighbour by a quarter of
     * its size, so the cost is bounded at 5 or 10 detector runs. A tile contributes only small faces:
     * <ul>
     *   <li>a box that touches an inner tile edge is dropped: it is a cut face, found whole by the
     *       full pass or the neighbouring tile;
     *   <li>a box whose shorter side is over a quarter of the tile's is dropped: such a face is at
     *       least a tenth of the image, which the full pass finds, and a tile's view of it, close to
     *       the tile's size, fits it poorly (measured: duplicate, offset boxes on large faces);
     *   <li>after NMS, a box lying 60% or more inside a stronger one is dropped, for the same reason.
     * </ul>
     * The tile pass is skipped when the full pass finds faces and even the smallest is at least
     * {@value #CLOSE_UP_FACE} px at the detector's scale (four times its smallest anchor): a portrait
     * or a close group, where faces at the detector's limit are not what the photo shows, and where
     * tiles would triple the cost of detecting the faces of an ordinary large photo. {@code
     * minTileScale} 0 or below disables the tile pass.
     */
    public List<Detection> detectTiled(Mat bgr, double minTileScale) throws OrtException {
        int w = bgr.cols();
        int h = bgr.rows();
        double ratio = Math.max((double) w / INPUT_WIDTH, (double) h / INPUT_HEIGHT);
        if (minTileScale <= 0 || ratio < minTileScale) {
            return detect(bgr);
        }
        List<NonMaxSuppression.Candidate> full = candidates(bgr, 0, 0, Edges.NONE);
        List<Detection> single = finish(nms.apply(full), w, h);
        double scale = Letterbox.of(w, h, INPUT_WIDTH, INPUT_HEIGHT).scale();
        double smallest = single.stream().mapToDouble(d -> Math.min(d.box().width(), d.box().height()))
                .min().orElse(0);
        if (smallest * scale >= CLOSE_UP_FACE) {
            return single;
        }
        List<NonMaxSuppression.Candidate> all = new ArrayList<>(full);
        int grid = ratio < 5 ? 2 : 3;
        double overlap = 0.25;
        int tileW = (int) Math.ceil(w / (grid - (grid - 1) * overlap));
        int tileH = (int) Math.ceil(h / (grid - (grid - 1) * overlap));
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                int x = col == grid - 1 ? w - tileW : (int) Math.round(col * tileW * (1 - overlap));
                int y = row == grid - 1 ? h - tileH : (int) Math.round(row * tileH * (1 - overlap));
                Edges inner = new Edges(col > 0, row > 0, col < grid - 1, row < grid - 1);
                double maxSide = Math.min(tileW, tileH) / 4.0;
                try (Rect area = new Rect(x, y, tileW, tileH);
                        Mat tile = new Mat(bgr, area)) {
                    for (NonMaxSuppression.Candidate c : candidates(tile, x, y, inner)) {
                        if (Math.min(c.x2() - c.x1(), c.y2() - c.y1()) <= maxSide) {
                            all.add(c);
                        }
                    }
                }
            }
        }
        return finish(withoutContained(nms.apply(all)), w, h);
    }

    /** Drops boxes that lie 60% or more inside a stronger kept box; input and output strongest first. */
    static List<NonMaxSuppression.Candidate> withoutContained(List<NonMaxSuppression.Candidate> strongestFirst) {
        List<NonMaxSuppression.Candidate> kept = new ArrayList<>();
        for (NonMaxSuppression.Candidate c : strongestFirst) {
            double area = Math.max(0, c.x2() - c.x1()) * Math.max(0, c.y2() - c.y1());
            boolean inside = false;
            for (NonMaxSuppression.Candidate k : kept) {
                double iw = Math.min(c.x2(), k.x2()) - Math.max(c.x1(), k.x1());
                double ih = Math.min(c.y2(), k.y2()) - Math.max(c.y1(), k.y1());
                if (iw > 0 && ih > 0 && iw * ih >= 0.6 * area) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Which sides of a tile lie inside the image, where a face may have been cut. */
    private record Edges(boolean left, boolean top, boolean right, boolean bottom) {
        static final Edges NONE = new Edges(false, false, false, false);
    }

    /** Candidates of one letterboxed pass over {@code image}, in pixels of the image it is a part of. */
    private List<NonMaxSuppression.Candidate> candidates(Mat image, int offsetX, int offsetY, Edges inner)
            throws OrtException {
        Letterbox letterbox = Letterbox.of(image.cols(), image.rows(), INPUT_WIDTH, INPUT_HEIGHT);
        float[] scores;
        float[] boxes;
        Scratch s = scratch.borrow();
        try {
            s.canvas.put(s.padding);
            try (Size size = new Size(letterbox.scaledWidth(), letterbox.scaledHeight());
                    Rect area = new Rect(0, 0, letterbox.scaledWidth(), letterbox.scaledHeight());
                    Mat target = new Mat(s.canvas, area)) {
                resize(image, target, size, 0, 0, INTER_LINEAR);
            }
            s.input.fillRgb(s.canvas);
            try (OnnxTensor input = s.input.tensor(env);
                    OrtSession.Result result = model.run(input)) {
                scores = model.floats(result, "scores", PRIORS * 2);
                boxes = model.floats(result, "boxes", PRIORS * 4);
            }
        } finally {
            scratch.release(s);
        }
        // Two pixels of slack: a box "touching" an inner edge is one the detector clipped there.
        double slack = 2;
        List<NonMaxSuppression.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < PRIORS; i++) {
            float face = scores[2 * i + 1];
            if (face > confidenceThreshold) {
                double x1 = letterbox.imageX(boxes[4 * i]);
                double y1 = letterbox.imageY(boxes[4 * i + 1]);
                double x2 = letterbox.imageX(boxes[4 * i + 2]);
                double y2 = letterbox.imageY(boxes[4 * i + 3]);
                if ((inner.left() && x1 <= slack) || (inner.top() && y1 <= slack)
                        || (inner.right() && x2 >= image.cols() - slack) || (inner.bottom() && y2 >= image.rows() - slack)) {
                    continue;
                }
                candidates.add(new NonMaxSuppression.Candidate(
                        offsetX + x1, offsetY + y1, offsetX + x2, offsetY + y2, face));
            }
        }
        return candidates;
    }

    /** Kept candidates to detections: clipped to the image, too small ones dropped. */
    private List<Detection> finish(List<NonMaxSuppression.Candidate> kept, int w, int h) {
        List<Detection> faces = new ArrayList<>();
        for (NonMaxSuppression.Candidate c : kept) {
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
