package io.polyface.engine.local.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.Point;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Face embeddings ({@code fr_feature.onnx}): the face aligned to 112x112, RGB (x - 127) / 128 in,
 * 512 floats out, L2-normalised here. Two feature versions come from the one model:
 *
 * <ul>
 *   <li>{@value #FEATURE_VERSION}: one pass over the aligned face;
 *   <li>{@value #FEATURE_VERSION_FLIP}: the mean of the passes over the aligned face and its mirror
 *       image, normalised; twice the model time, steadier under pose and lighting from one side.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class FaceEmbedder implements AutoCloseable {

    static final int DIMENSIONS = 512;

    public static final String FEATURE_VERSION = "fr-feature-v1";
    public static final String FEATURE_VERSION_FLIP = "fr-feature-v2";

    /** The versions this embedder makes, the default first. */
    public static final List<FeatureVersion> VERSIONS = List.of(
            new FeatureVersion(FEATURE_VERSION, "fr_feature.onnx, one pass over the face aligned to 112x112",
                    OptionalInt.of(FaceEmbedder.DIMENSIONS)),
            new FeatureVersion(FEATURE_VERSION_FLIP,
                    "fr_feature.onnx, mean of the aligned face and its mirror image (two passes)",
                    OptionalInt.of(FaceEmbedder.DIMENSIONS)));

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final ScratchPool<Scratch> scratch;

    FaceEmbedder(OrtEnvironment env, Path file, OrtSession.SessionOptions options, int poolSize) throws OrtException {
        this.env = env;
        this.model = OnnxModel.open(env, file, options, new long[] {1, 3, FaceAligner.SIZE, FaceAligner.SIZE},
                Map.of("output", new long[] {1, DIMENSIONS}));
        this.scratch = new ScratchPool<>(Scratch::new, poolSize);
    }

    /** The single-pass embedding of the face with the given five points. */
    public Embedding embed(Mat bgr, List<Point> fivePoints) throws OrtException {
        return embed(bgr, fivePoints, FEATURE_VERSION);
    }

    /**
     * The embedding of the face with the given five points, in one of {@link #VERSIONS}.
     *
     * @throws IllegalArgumentException for another version
     */
    public Embedding embed(Mat bgr, List<Point> fivePoints, String version) throws OrtException {
        boolean flip = switch (version) {
            case FEATURE_VERSION -> false;
            case FEATURE_VERSION_FLIP -> true;
            default -> throw new IllegalArgumentException("unknown feature version " + version);
        };
        float[] vector = new float[DIMENSIONS];
        Scratch s = scratch.borrow();
        try {
            FaceAligner.align(bgr, fivePoints, s.aligned);
            run(s, s.aligned, vector);
            if (flip) {
                float[] mirrored = new float[DIMENSIONS];
                opencv_core.flip(s.aligned, s.mirrored, 1);
                run(s, s.mirrored, mirrored);
                // Each pass is normalised first so that neither dominates the mean.
                normalise(vector);
                normalise(mirrored);
                for (int i = 0; i < DIMENSIONS; i++) {
                    vector[i] += mirrored[i];
                }
            }
        } finally {
            scratch.release(s);
        }
        return new Embedding(normalise(vector), version);
    }

    private void run(Scratch s, Mat face, float[] out) throws OrtException {
        s.input.fillRgb(face);
        try (OnnxTensor input = s.input.tensor(env);
                OrtSession.Result result = model.run(input)) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
        }
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
        final Mat mirrored = new Mat(FaceAligner.SIZE, FaceAligner.SIZE, CV_8UC3);
        final PlanarTensor input = new PlanarTensor(3, FaceAligner.SIZE, FaceAligner.SIZE);

        @Override
        public void close() {
            input.close();
            mirrored.close();
            aligned.close();
        }
    }
}
