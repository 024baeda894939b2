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
import io.polyface.engine.local.pipeline.PlanarTensor.ChannelOrder;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.EyeState;
import io.polyface.spi.engine.FaceAttributes;
import io.polyface.spi.engine.FaceAttributes.Estimate;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceLandmarks;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.Point;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The face details computed on request: pose ({@code fr_pose.onnx}), age and gender ({@code
 * fr_age.onnx}, {@code fr_gender.onnx}), eye state ({@code fr_eye.onnx}), smile ({@code
 * fr_expression.onnx}), liveness ({@code fr_liveness.onnx}), image quality (measured by the {@link
 * FaceQualityMeter}) and the landmark sets derived from the 68 points. Each model gets the crop and
 * scaling the npm package's own JavaScript wrapper ({@code lib/fr_*.js}) gives it, and its output is
 * read the way the vendor's demo reads it; the constants below cite that code. The age, gender and
 * liveness models get BGR, the others RGB (docs/face-details.md tells why).
 *
 * <p>Longer than most classes here: six models, each a few lines of crop, input and reading of the
 * output, kept together because they share the crops, the colour handling and one pool of native
 * scratch memory.
 *
 * <p>Thread-safe: sessions are shared, native scratch memory is pooled per call.
 */
final class FaceDetailer implements AutoCloseable {

    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    static final int POSE_SIZE = 224;
    static final int POSE_BINS = 66;
    static final int AGE_SIZE = 64;
    static final int LIVENESS_SIZE = 128;
    static final int EYE_SIZE = 24;
    static final int EXPRESSION_SIZE = 224;
    static final int EXPRESSION_CLASSES = 7;
    /** Index of "smile" in the expression model's classes (angry, disgust, fear, smile, sad, surprise, neutral). */
    static final int SMILE_CLASS = 3;
    /** The vendor's demo calls a face male above this gender output. */
    static final double MALE_THRESHOLD = 0.6;
    private static final String[] SSR_OUTPUTS = {"prob_stage_1", "prob_stage_2", "prob_stage_3", "stage1_delta_k",
        "stage2_delta_k", "stage3_delta_k", "index_offset_stage1", "index_offset_stage2", "index_offset_stage3"};

    private final OrtEnvironment env;
    private final OnnxModel pose;
    private final OnnxModel age;
    private final OnnxModel gender;
    private final OnnxModel eye;
    private final OnnxModel expression;
    private final OnnxModel liveness;
    private final ScratchPool<Scratch> scratch;

    private FaceDetailer(OrtEnvironment env, OnnxModel pose, OnnxModel age, OnnxModel gender, OnnxModel eye,
            OnnxModel expression, OnnxModel liveness, int poolSize) {
        this.env = env;
        this.pose = pose;
        this.age = age;
        this.gender = gender;
        this.eye = eye;
        this.expression = expression;
        this.liveness = liveness;
        this.scratch = new ScratchPool<>(Scratch::new, poolSize);
    }

    static FaceDetailer open(OrtEnvironment env, ModelStore.Models models, OrtSession.SessionOptions options,
            int poolSize) throws OrtException {
        OnnxModel[] opened = new OnnxModel[6];
        try {
            long[] ssr = {1, 3};
            long[] one = {1, 1};
            Map<String, long[]> ssrOutputs = Map.of("prob_stage_1", ssr, "prob_stage_2", ssr, "prob_stage_3", ssr,
                    "stage1_delta_k", one, "stage2_delta_k", one, "stage3_delta_k", one,
                    "index_offset_stage1", ssr, "index_offset_stage2", ssr, "index_offset_stage3", ssr);
            opened[0] = OnnxModel.open(env, models.pose(), options, new long[] {1, 3, POSE_SIZE, POSE_SIZE},
                    Map.of("output", new long[] {1, POSE_BINS}, "617", new long[] {1, POSE_BINS},
                            "618", new long[] {1, POSE_BINS}));
            opened[1] = OnnxModel.open(env, models.age(), options, new long[] {1, 3, AGE_SIZE, AGE_SIZE}, ssrOutputs);
            opened[2] = OnnxModel.open(env, models.gender(), options, new long[] {1, 3, AGE_SIZE, AGE_SIZE}, ssrOutputs);
            opened[3] = OnnxModel.open(env, models.eye(), options, new long[] {1, 1, EYE_SIZE, EYE_SIZE},
                    Map.of("output", new long[] {1, 2}));
            opened[4] = OnnxModel.open(env, models.expression(), options,
                    new long[] {1, 3, EXPRESSION_SIZE, EXPRESSION_SIZE}, Map.of("output", new long[] {1, EXPRESSION_CLASSES}));
            opened[5] = OnnxModel.open(env, models.liveness(), options,
                    new long[] {1, 3, LIVENESS_SIZE, LIVENESS_SIZE}, Map.of("output", new long[] {1, 3}));
            return new FaceDetailer(env, opened[0], opened[1], opened[2], opened[3], opened[4], opened[5], poolSize);
        } catch (OrtException | RuntimeException e) {
            for (OnnxModel m : opened) {
                if (m != null) {
                    m.close();
                }
            }
            throw e;
        }
    }

    /**
     * The requested details of one face.
     *
     * @param points68 the face's 68 landmarks, in image pixels
     * @param fivePoints the five alignment points derived from them
     */
    FaceDetails details(Mat bgr, BoundingBox box, List<Point> points68, List<Point> fivePoints, Set<FaceFeature> features)
            throws OrtException {
        if (features.isEmpty()) {
            return FaceDetails.none();
        }
        Scratch s = scratch.borrow();
        try {
            boolean wantsQuality = features.contains(FaceFeature.QUALITY);
            Optional<FacePose> facePose = features.contains(FaceFeature.POSE) || wantsQuality
                    ? Optional.of(pose(s, bgr, box))
                    : Optional.empty();
            Optional<FaceQuality> quality = wantsQuality
                    ? Optional.of(FaceQualityMeter.measure(s.quality, bgr, box, fivePoints, facePose.orElseThrow()))
                    : Optional.empty();
            Optional<FaceAttributes> attributes = features.contains(FaceFeature.ATTRIBUTES)
                    ? Optional.of(attributes(s, bgr, box, points68))
                    : Optional.empty();
            OptionalDouble live = features.contains(FaceFeature.LIVENESS)
                    ? OptionalDouble.of(liveness(s, bgr, box))
                    : OptionalDouble.empty();
            Optional<FaceLandmarks> landmarks = features.contains(FaceFeature.LANDMARKS)
                    ? Optional.of(new FaceLandmarks(points68, LandmarkSets.aflw21(points68), LandmarkSets.points106(points68)))
                    : Optional.empty();
            return new FaceDetails(facePose, quality, attributes, live, landmarks);
        } finally {
            scratch.release(s);
        }
    }

    // ---- pose -----------------------------------------------------------------------------

    /**
     * fr_pose.js: the box grown by a quarter of its size on every side, clipped to the image, resized
     * to 224x224, RGB (see the class comment) with ImageNet mean and deviation; three heads of 66 bins of 3 degrees whose
     * softmax expectation, times 3, minus 99, is yaw, pitch and roll.
     */
    private FacePose pose(Scratch s, Mat bgr, BoundingBox box) throws OrtException {
        try (Rect area = clip(box.x() - box.width() / 4, box.y() - box.height() / 4,
                box.width() * 1.5, box.height() * 1.5, bgr)) {
            cropInto(bgr, area, s.pose224);
        }
        s.poseInput.fillNormalised(s.pose224, IMAGENET_MEAN, IMAGENET_STD, ChannelOrder.RGB);
        try (OnnxTensor input = s.poseInput.tensor(env);
                OrtSession.Result result = pose.run(input)) {
            return new FacePose(binnedAngle(pose.floats(result, "output", POSE_BINS)),
                    binnedAngle(pose.floats(result, "617", POSE_BINS)), binnedAngle(pose.floats(result, "618", POSE_BINS)));
        }
    }

    static double binnedAngle(float[] logits) {
        double[] p = softmax(logits);
        double expectation = 0;
        for (int i = 0; i < p.length; i++) {
            expectation += i * p[i];
        }
        return expectation * 3 - 99;
    }

    // ---- attributes -----------------------------------------------------------------------

    private FaceAttributes attributes(Scratch s, Mat bgr, BoundingBox box, List<Point> points68) throws OrtException {
        // fr_age.js / fr_gender.js: the box scaled by 1.4 about its centre, shifted into the image,
        // 64x64, BGR (see the class comment) with ImageNet mean and deviation; SSR-Net's three
        // stages merged. One input tensor serves both models.
        try (Rect area = scaledAbout(box, 1.4, bgr)) {
            cropInto(bgr, area, s.age64);
        }
        s.ageInput.fillNormalised(s.age64, IMAGENET_MEAN, IMAGENET_STD, ChannelOrder.BGR);
        double years;
        double male;
        try (OnnxTensor input = s.ageInput.tensor(env)) {
            try (OrtSession.Result result = age.run(input)) {
                years = ssrMerge(ssrOutputs(age, result), 101);
            }
            try (OrtSession.Result result = gender.run(input)) {
                male = ssrMerge(ssrOutputs(gender, result), 1);
            }
        }
        Estimate<Gender> sex = genderEstimate(male);
        Estimate<EyeState> left = eye(s, bgr, points68, 36, 39, new int[] {37, 38, 40, 41});
        Estimate<EyeState> right = eye(s, bgr, points68, 42, 45, new int[] {43, 44, 46, 47});
        return new FaceAttributes(Math.max(0, years), sex, left, right, smile(s, bgr, box));
    }

    /**
     * The gender output (about 0..1, higher is male) as a class and a confidence: the demo's
     * threshold 0.6 is mapped to confidence 0.5, the ends 0 and 1 to confidence 1, linearly between.
     */
    static Estimate<Gender> genderEstimate(double output) {
        double g = Math.clamp(output, 0, 1);
        if (g > MALE_THRESHOLD) {
            return new Estimate<>(Gender.MALE, 0.5 + 0.5 * (g - MALE_THRESHOLD) / (1 - MALE_THRESHOLD));
        }
        return new Estimate<>(Gender.FEMALE, 0.5 + 0.5 * (MALE_THRESHOLD - g) / MALE_THRESHOLD);
    }

    /** SSR-Net's stage-wise merge as fr_age.js's mergeAge (3 stages of 3 bins, lambdas 1). */
    static double ssrMerge(float[] x, double v) {
        double a = 0;
        double b = 0;
        double c = 0;
        for (int i = 0; i < 3; i++) {
            a += (i + x[12 + i]) * x[i];
            b += (i + x[15 + i]) * x[3 + i];
            c += (i + x[18 + i]) * x[6 + i];
        }
        double s1 = 3 * (1 + x[9]);
        double s2 = 3 * (1 + x[10]);
        double s3 = 3 * (1 + x[11]);
        a /= s1;
        b /= s1 * s2;
        c /= s1 * s2 * s3;
        return (a + b + c) * v;
    }

    private static float[] ssrOutputs(OnnxModel model, OrtSession.Result result) throws OrtException {
        float[] all = new float[21];
        int at = 0;
        for (String name : SSR_OUTPUTS) {
            float[] part = model.floats(result, name, name.contains("delta") ? 1 : 3);
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /**
     * fr_eye.js: a square around the mean of the eye's four lid points, 1.6 times the corner-to-corner
     * width, 24x24 grey scaled by 1/255; class 0 is closed (the demo prints "Close" when it wins).
     */
    private Estimate<EyeState> eye(Scratch s, Mat bgr, List<Point> p, int outer, int inner, int[] lids)
            throws OrtException {
        double cx = 0;
        double cy = 0;
        for (int i : lids) {
            cx += p.get(i).x();
            cy += p.get(i).y();
        }
        cx /= lids.length;
        cy /= lids.length;
        double side = Math.max(2, Math.abs(p.get(inner).x() - p.get(outer).x()) * 1.6);
        try (Rect area = clip(cx - side / 2, cy - side / 2, side, side, bgr);
                Mat crop = new Mat(bgr, area)) {
            cvtColor(crop, s.eyeGrey, COLOR_BGR2GRAY);
            resize(s.eyeGrey, s.eye24, s.eyeSize, 0, 0, INTER_LINEAR);
        }
        s.eyeInput.fillGrey(s.eye24, 1.0 / 255);
        try (OnnxTensor input = s.eyeInput.tensor(env);
                OrtSession.Result result = eye.run(input)) {
            double[] p01 = softmax(eye.floats(result, "output", 2));
            return p01[0] > p01[1]
                    ? new Estimate<>(EyeState.CLOSED, p01[0])
                    : new Estimate<>(EyeState.OPEN, p01[1]);
        }
    }

    /**
     * fr_expression.js: a crop from the box's top-left corner, 1.2 times its width and height (not
     * centred, as the wrapper does it), 224x224, RGB scaled by 1/255; the smile score is the softmax
     * probability of class 3 ("smile" in the vendor's demo).
     */
    private double smile(Scratch s, Mat bgr, BoundingBox box) throws OrtException {
        try (Rect area = clip(box.x(), box.y(), box.width() * 1.2, box.height() * 1.2, bgr)) {
            cropInto(bgr, area, s.expression224);
        }
        s.expressionInput.fillScaled(s.expression224, 1.0 / 255, ChannelOrder.RGB);
        try (OnnxTensor input = s.expressionInput.tensor(env);
                OrtSession.Result result = expression.run(input)) {
            return softmax(expression.floats(result, "output", EXPRESSION_CLASSES))[SMILE_CLASS];
        }
    }

    // ---- liveness -------------------------------------------------------------------------

    /**
     * fr_liveness.js: the box scaled by 2.7 about its centre, shifted into the image, 128x128, BGR
     * (see the class comment) values 0..255 as they are; the score is the softmax probability of class 0 (the demo calls a
     * face fake under 0.3).
     */
    private double liveness(Scratch s, Mat bgr, BoundingBox box) throws OrtException {
        try (Rect area = scaledAbout(box, 2.7, bgr)) {
            cropInto(bgr, area, s.live128);
        }
        s.liveInput.fillScaled(s.live128, 1, ChannelOrder.BGR);
        try (OnnxTensor input = s.liveInput.tensor(env);
                OrtSession.Result result = liveness.run(input)) {
            return Math.clamp(softmax(liveness.floats(result, "output", 3))[0], 0, 1);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * The wrapper's alignXxxImage: the box scaled about its centre (less when the image is too small
     * for it), moved back inside the image when it sticks out, then clipped.
     */
    static Rect scaledAbout(BoundingBox box, double scaleWanted, Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        double scale = Math.min(Math.min((h - 1) / box.height(), (w - 1) / box.width()), scaleWanted);
        double nw = box.width() * scale;
        double nh = box.height() * scale;
        double cx = box.x() + box.width() / 2;
        double cy = box.y() + box.height() / 2;
        double x1 = cx - nw / 2;
        double y1 = cy - nh / 2;
        double x2 = cx + nw / 2;
        double y2 = cy + nh / 2;
        if (x1 < 0) {
            x2 -= x1;
            x1 = 0;
        }
        if (y1 < 0) {
            y2 -= y1;
            y1 = 0;
        }
        if (x2 > w - 1) {
            x1 -= x2 - w + 1;
            x2 = w - 1;
        }
        if (y2 > h - 1) {
            y1 -= y2 - h + 1;
            y2 = h - 1;
        }
        return clip(x1, y1, x2 - x1, y2 - y1, bgr);
    }

    /** A rectangle clipped to the image, at least 2x2 pixels. */
    static Rect clip(double x, double y, double width, double height, Mat bgr) {
        int x1 = (int) Math.clamp(Math.floor(x), 0, bgr.cols() - 2);
        int y1 = (int) Math.clamp(Math.floor(y), 0, bgr.rows() - 2);
        int x2 = (int) Math.clamp(Math.ceil(x + width), x1 + 2, bgr.cols());
        int y2 = (int) Math.clamp(Math.ceil(y + height), y1 + 2, bgr.rows());
        return new Rect(x1, y1, x2 - x1, y2 - y1);
    }

    private static void cropInto(Mat bgr, Rect area, Mat target) {
        try (Mat crop = new Mat(bgr, area);
                Size size = new Size(target.cols(), target.rows())) {
            resize(crop, target, size, 0, 0, INTER_LINEAR);
        }
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public void close() {
        scratch.close();
        liveness.close();
        expression.close();
        eye.close();
        gender.close();
        age.close();
        pose.close();
    }

    static final class Scratch implements AutoCloseable {
        final Mat pose224 = new Mat(POSE_SIZE, POSE_SIZE, CV_8UC3);
        final PlanarTensor poseInput = new PlanarTensor(3, POSE_SIZE, POSE_SIZE);
        final Mat age64 = new Mat(AGE_SIZE, AGE_SIZE, CV_8UC3);
        final PlanarTensor ageInput = new PlanarTensor(3, AGE_SIZE, AGE_SIZE);
        final Mat live128 = new Mat(LIVENESS_SIZE, LIVENESS_SIZE, CV_8UC3);
        final PlanarTensor liveInput = new PlanarTensor(3, LIVENESS_SIZE, LIVENESS_SIZE);
        final Mat expression224 = new Mat(EXPRESSION_SIZE, EXPRESSION_SIZE, CV_8UC3);
        final PlanarTensor expressionInput = new PlanarTensor(3, EXPRESSION_SIZE, EXPRESSION_SIZE);
        final Size eyeSize = new Size(EYE_SIZE, EYE_SIZE);
        final Mat eyeGrey = new Mat();
        final Mat eye24 = new Mat(EYE_SIZE, EYE_SIZE, CV_8UC1);
        final PlanarTensor eyeInput = new PlanarTensor(1, EYE_SIZE, EYE_SIZE);
        final FaceQualityMeter.Scratch quality = new FaceQualityMeter.Scratch();

        @Override
        public void close() {
            quality.close();
            eyeInput.close();
            eye24.close();
            eyeGrey.close();
            eyeSize.close();
            expressionInput.close();
            expression224.close();
            liveInput.close();
            live128.close();
            ageInput.close();
            age64.close();
            poseInput.close();
            pose224.close();
        }
    }
}
