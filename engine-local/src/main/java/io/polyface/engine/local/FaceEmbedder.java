package io.polyface.engine.local;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.Point;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Face embeddings ({@code fr_feature.onnx}): the face aligned to 112x112, RGB (x - 127) / 128 in,
 * 512 floats out, L2-normalised here. Thread-safe.
 */
public final class FaceEmbedder implements AutoCloseable {

    public static final String FEATURE_VERSION = "fr-feature-v1";
    static final int DIMENSIONS = 512;

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final ScratchPool<Scratch> scratch;

    FaceEmbedder(OrtEnvironment env, Path file, OrtSession.SessionOptions options, int poolSize) throws OrtException {
        this.env = env;
        this.model = OnnxModel.open(env, file, options, new long[] {1, 3, FaceAligner.SIZE, FaceAligner.SIZE},
                Map.of("output", new long[] {1, DIMENSIONS}));
        this.scratch = new ScratchPool<>(Scratch::new, poolSize);
    }

    /** The embedding of the face with the given five points. */
    public Embedding embed(Mat bgr, List<Point> fivePoints) throws OrtException {
        float[] vector = new float[DIMENSIONS];
        Scratch s = scratch.borrow();
        try {
            FaceAligner.align(bgr, fivePoints, s.aligned);
            s.input.fillRgb(s.aligned);
            try (OnnxTensor input = s.input.tensor(env);
                    OrtSession.Result result = model.run(input)) {
                ((OnnxTensor) result.get(0)).getFloatBuffer().get(vector);
            }
        } finally {
            scratch.release(s);
        }
        return new Embedding(normalise(vector), FEATURE_VERSION);
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalStateException("feature model returned a zero or non-finite vector");
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    @Override
    public void close() {
        scratch.close();
        model.close();
    }

    private static final class Scratch implements AutoCloseable {
        final Mat aligned = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC3);
        final PlanarTensor input = new PlanarTensor(3, FaceAligner.SIZE, FaceAligner.SIZE);

        @Override
        public void close() {
            input.close();
            aligned.close();
        }
    }
}
