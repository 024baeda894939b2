package io.polyface.engine.local.pipeline;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The local face analysis: decode, detect, 68 landmarks reduced to five points, similarity
 * alignment to 112x112, embedding; on request, the details of {@link FaceDetailer}. One ONNX Runtime session per model, created here and closed in
 * {@link #close()}; native scratch memory is pooled and freed deterministically.
 *
 * <p>Thread-safe: any number of threads may call {@link #analyze} at once. {@link #close()} waits
 * for calls in flight; later calls fail.
 */
public final class OnnxFacePipeline implements FaceAnalyzer {

    /**
     * Tuning of the pipeline.
     *
     * @param intraOpThreads ONNX Runtime threads per model run; 1 is best when callers already run
     *     in parallel, the processor count when one caller runs at a time
     * @param confidenceThreshold detector score a face must pass
     * @param nmsIouThreshold overlap above which the weaker of two boxes is dropped
     * @param minFaceSize faces whose box is narrower or lower than this many pixels are dropped
     * @param maxImageBytes encoded size limit
     * @param maxImagePixels decoded size limit (width times height)
     * @param tileMinScale how many times larger than the detector's 320x240 input an image must be
     *     for {@link #analyze(byte[], Set)} to add a detection pass on tiles (see {@link
     *     FaceDetector#detectTiled}); 0 turns the tile pass off
     */
    public record Options(int intraOpThreads, double confidenceThreshold, double nmsIouThreshold, double minFaceSize,
            long maxImageBytes, long maxImagePixels, double tileMinScale) {
        /**
         * Default {@link #tileMinScale}: images of 960x720 and up get the tile pass. Below that the
         * single pass already sees faces of about 1/30 of the image, and on the 600-800 px group
         * photos of the test set tiles added only false positives.
         */
        public static final double DEFAULT_TILE_MIN_SCALE = 3;

        public Options {
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intraOpThreads must be at least 1: " + intraOpThreads);
            }
            if (tileMinScale < 0 || !Double.isFinite(tileMinScale)) {
                throw new IllegalArgumentException("tileMinScale must be 0 (off) or positive: " + tileMinScale);
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 0.65, 0.4, 0,
                    ImageDecoder.DEFAULT_MAX_BYTES, ImageDecoder.DEFAULT_MAX_PIXELS, DEFAULT_TILE_MIN_SCALE);
        }

        public Options withIntraOpThreads(int threads) {
            return new Options(threads, confidenceThreshold, nmsIouThreshold, minFaceSize, maxImageBytes, maxImagePixels,
                    tileMinScale);
        }

        public Options withConfidenceThreshold(double threshold) {
            return new Options(intraOpThreads, threshold, nmsIouThreshold, minFaceSize, maxImageBytes, maxImagePixels,
                    tileMinScale);
        }

        public Options withMinFaceSize(double pixels) {
            return new Options(intraOpThreads, confidenceThreshold, nmsIouThreshold, pixels, maxImageBytes, maxImagePixels,
                    tileMinScale);
        }

        public Options withLimits(long bytes, long pixels) {
            return new Options(intraOpThreads, confidenceThreshold, nmsIouThreshold, minFaceSize, bytes, pixels,
                    tileMinScale);
        }

        public Options withTileMinScale(double scale) {
            return new Options(intraOpThreads, confidenceThreshold, nmsIouThreshold, minFaceSize, maxImageBytes,
                    maxImagePixels, scale);
        }
    }

    /** The main face first: largest box, ties broken by higher confidence. */
    static final Comparator<DetectedFace> MAIN_FACE_FIRST = Comparator
            .comparingDouble((DetectedFace f) -> f.box().area()).reversed()
            .thenComparing(Comparator.comparingDouble(DetectedFace::confidence).reversed());

    private final ImageDecoder decoder;
    private final FaceDetector detector;
    private final LandmarkModel landmarks;
    private final FaceEmbedder embedder;
    private final FaceDetailer detailer;
    private final double tileMinScale;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxFacePipeline(ImageDecoder decoder, FaceDetector detector, LandmarkModel landmarks, FaceEmbedder embedder,
            FaceDetailer detailer, double tileMinScale) {
        this.decoder = decoder;
        this.detector = detector;
        this.landmarks = landmarks;
        this.embedder = embedder;
        this.detailer = detailer;
        this.tileMinScale = tileMinScale;
    }

    /** Opens the pipeline on the models of the default {@link ModelStore}, fetching them if needed. */
    public static OnnxFacePipeline open() {
        return open(ModelStore.ensureDefault(), Options.defaults());
    }

    public static OnnxFacePipeline open(ModelStore.Models models, Options options) {
        requireNonNull(models, "models is null");
        requireNonNull(options, "options is null");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int pool = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        FaceDetector detector = null;
        LandmarkModel landmarks = null;
        FaceEmbedder embedder = null;
        try (OrtSession.SessionOptions session = new OrtSession.SessionOptions();
                OrtSession.SessionOptions quiet = new OrtSession.SessionOptions()) {
            configure(session, options);
            detector = new FaceDetector(env, models.detect(), session, options.confidenceThreshold(),
                    options.nmsIouThreshold(), options.minFaceSize(), pool);
            landmarks = new LandmarkModel(env, models.landmark(), session, pool);
            embedder = new FaceEmbedder(env, models.feature(), session, pool);
            configure(quiet, options);
            // fr_age and fr_gender list their weights among the graph inputs, which ONNX Runtime warns
            // about once per weight at every start; harmless, so only errors are logged for them.
            quiet.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            FaceDetailer detailer = FaceDetailer.open(env, models, quiet, pool);
            return new OnnxFacePipeline(new ImageDecoder(options.maxImageBytes(), options.maxImagePixels()),
                    detector, landmarks, embedder, detailer, options.tileMinScale());
        } catch (OrtException | RuntimeException e) {
            if (embedder != null) {
                embedder.close();
            }
            if (landmarks != null) {
                landmarks.close();
            }
            if (detector != null) {
                detector.close();
            }
            throw new FaceException.Internal("cannot open the face models in " + models.directory() + ": " + e.getMessage(), e);
        }
    }

    private static void configure(OrtSession.SessionOptions session, Options options) throws OrtException {
        session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        session.setIntraOpNumThreads(options.intraOpThreads());
        session.setInterOpNumThreads(1);
        // Spinning intra-op threads burn the cores that concurrent callers need.
        session.addConfigEntry("session.intra_op.allow_spinning", "0");
    }

    @Override
    public String featureVersion() {
        return FaceEmbedder.FEATURE_VERSION;
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return FaceEmbedder.VERSIONS;
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, String featureVersion) {
        return analyzeBytes(image, false, Set.of(), featureVersion);
    }

    /**
     * All faces with the requested details. Unlike {@link #analyze(byte[], String)}, which serves
     * enrolment and search of the main face, this adds the tile pass on large images so that small
     * faces in group photos are found; details are computed only when asked for.
     */
    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, String featureVersion) {
        requireNonNull(features, "features is null");
        return analyzeBytes(image, true, features, featureVersion);
    }

    private List<DetectedFace> analyzeBytes(byte[] image, boolean tiles, Set<FaceFeature> features, String version) {
        requireNonNull(image, "image is null");
        requireVersion(version);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            try (Mat bgr = decoder.decode(image)) {
                return analyzeDecoded(bgr, tiles, features, version);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Analyses an already decoded 8-bit BGR image in the default version; the caller keeps ownership of it. */
    public List<DetectedFace> analyze(Mat bgr) {
        requireNonNull(bgr, "bgr is null");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return analyzeDecoded(bgr, false, Set.of(), FaceEmbedder.FEATURE_VERSION);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void requireVersion(String version) {
        if (!supports(requireNonNull(version, "featureVersion is null"))) {
            throw new IllegalArgumentException("unknown feature version " + version);
        }
    }

    private List<DetectedFace> analyzeDecoded(Mat bgr, boolean tiles, Set<FaceFeature> features, String version) {
        try {
            List<FaceDetector.Detection> detections = tiles ? detector.detectTiled(bgr, tileMinScale) : detector.detect(bgr);
            List<DetectedFace> faces = new ArrayList<>(detections.size());
            for (FaceDetector.Detection d : detections) {
                List<Point> points68 = landmarks.landmarks(bgr, d.box());
                List<Point> five = LandmarkSets.fivePoints(points68);
                Embedding embedding = embedder.embed(bgr, five, version);
                FaceDetails details = detailer.details(bgr, d.box(), points68, five, features);
                faces.add(new DetectedFace(d.box(), d.confidence(), five, embedding, details));
            }
            faces.sort(MAIN_FACE_FIRST);
            return faces;
        } catch (OrtException e) {
            throw new FaceException.Internal("face model run failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FaceException.Internal("face analysis failed: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new FaceException.Internal("face analyzer is closed", null);
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            detailer.close();
            embedder.close();
            landmarks.close();
            detector.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
