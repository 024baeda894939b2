package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import java.util.function.DoublePredicate;

/**
 * The calibration of one feature version: genuine and impostor scores of the labelled faces, and
 * the raw threshold that holds each false-accept-rate target, with how sure that is.
 *
 * <p>A target the sample resolves (at least {@value #MIN_EXPECTED_ACCEPTS} accepts expected at it)
 * gets the lowest threshold whose measured rate is at most the target. A smaller target that the
 * sample can still bound gets the lowest threshold whose one-sided 95% upper bound is at most the
 * target. Below that nothing in the sample can show the rate: it is extrapolated from the sample's
 * strongest statement (above the highest impostor score, the rate is under the bound of no accepts,
 * about 3/n) along the slope of the fitted impostor tail. Thresholds lie on a grid of {@value #GRID}.
 */
public final class Calibration {
    static final double GRID = 0.001;
    static final int MIN_EXPECTED_ACCEPTS = 10;

    private final FaceScores scores;
    private final ScoreSample genuine;
    private final ScoreSample impostors;
    private final ImpostorTail tail;

    private Calibration(FaceScores scores) {
        this.scores = scores;
        this.genuine = scores.genuine();
        this.impostors = scores.impostors();
        if (genuine.size() == 0 || impostors.size() == 0) {
            throw new IllegalArgumentException("a calibration needs genuine and impostor comparisons, got "
                    + genuine.size() + " and " + impostors.size());
        }
        this.tail = ImpostorTail.fit(impostors);
    }

    public static Calibration of(FaceScores scores) {
        return new Calibration(requireNonNull(scores, "scores is null"));
    }

    /** Measures the labelled faces with the local models, in their default feature version. */
    public static Calibration measure(LabelledFaces faces) {
        requireNonNull(faces, "faces is null");
        try (OnnxFacePipeline pipeline = OnnxFacePipeline.open()) {
            return of(FaceScores.measure(faces, pipeline, pipeline.featureVersion()));
        }
    }

    /** How the raw threshold for a target was found. */
    public enum Basis {
        /** The sample resolves the target: the measured rate is at most the target. */
        MEASURED("measured"),
        /** The sample only bounds it: the 95% upper bound of the measured rate is at most the target. */
        UPPER_BOUND("95% upper bound"),
        /** Below what the sample can bound: continued along the fitted impostor tail. */
        EXTRAPOLATED("extrapolated");

        private final String text;

        Basis(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * A raw threshold and what it does on the labelled faces.
     *
     * @param target the false-accept rate asked for
     * @param raw the raw cosine threshold (accept at or above)
     * @param basis how it was found
     * @param far the impostor comparisons accepted at it
     * @param genuineAccepted genuine comparisons accepted at it
     * @param genuineTrials genuine comparisons in all
     */
    public record OperatingPoint(double target, double raw, Basis basis, FalseAcceptRate far, int genuineAccepted,
            int genuineTrials) {
        public OperatingPoint {
            requireNonNull(basis, "basis is null");
            requireNonNull(far, "far is null");
        }

        public double trueAcceptRate() {
            return (double) genuineAccepted / genuineTrials;
        }

        public int falseRejects() {
            return genuineTrials - genuineAccepted;
        }
    }

    public FaceScores scores() {
        return scores;
    }

    public String featureVersion() {
        return scores.featureVersion();
    }

    public ImpostorTail tail() {
        return tail;
    }

    ScoreSample genuine() {
        return genuine;
    }

    ScoreSample impostors() {
        return impostors;
    }

    public int impostorTrials() {
        return impostors.size();
    }

    public int genuineTrials() {
        return genuine.size();
    }

    public double highestImpostor() {
        return impostors.max();
    }

    /** What a raw threshold does, found for {@code target}. */
    private OperatingPoint point(double target, double raw, Basis basis) {
        return new OperatingPoint(target, raw, basis, farAt(raw), genuine.accepted(raw), genuine.size());
    }

    /** The impostor comparisons accepted at a raw threshold. */
    public FalseAcceptRate farAt(double raw) {
        return new FalseAcceptRate(impostors.accepted(raw), impostors.size());
    }

    /** What {@code raw} does on the labelled faces, for a target that is not the point. */
    public OperatingPoint at(double raw) {
        return point(impostors.acceptRate(raw), raw, Basis.MEASURED);
    }

    /** The raw threshold that holds a false-accept-rate target (see the class comment). */
    public OperatingPoint forRate(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1): " + target);
        }
        int n = impostors.size();
        if (target * n >= MIN_EXPECTED_ACCEPTS) {
            return point(target, lowest(raw -> impostors.acceptRate(raw) <= target), Basis.MEASURED);
        }
        if (boundAboveAll() <= target) {
            // The bound grows with the count: find the most accepts it allows, then where no more remain.
            int allowed = 0;
            while (allowed < n && new FalseAcceptRate(allowed + 1, n).upperBound() <= target) {
                allowed++;
            }
            int most = allowed;
            return point(target, lowest(raw -> impostors.accepted(raw) <= most), Basis.UPPER_BOUND);
        }
        // No count of this sample can show so small a rate: continue from the sample's strongest
        // statement (above every impostor the rate is below the bound of no accepts) along the tail.
        double raw = tail.continuedTo(aboveAll(), boundAboveAll(), target);
        return point(target, Math.max(aboveAll(), round(Math.ceil(raw / GRID - 1e-9) * GRID)), Basis.EXTRAPOLATED);
    }

    /** The lowest threshold above every impostor score. */
    public double aboveAll() {
        return round(Math.floor(impostors.max() / GRID) * GRID + GRID);
    }

    /** What no accepts among every impostor comparison bounds the rate to (95%, about 3/n). */
    public double boundAboveAll() {
        return new FalseAcceptRate(0, impostors.size()).upperBound();
    }

    /**
     * A conservative per-comparison rate at a raw threshold: measured where at least {@value
     * #MIN_EXPECTED_ACCEPTS} impostors are accepted, the 95% upper bound where fewer but some are,
     * and the continued tail above every impostor.
     */
    public double rateAt(double raw) {
        FalseAcceptRate far = farAt(raw);
        if (far.accepted() >= MIN_EXPECTED_ACCEPTS) {
            return far.estimate();
        }
        if (far.accepted() > 0) {
            return far.upperBound();
        }
        return Math.min(boundAboveAll(), tail.continued(aboveAll(), boundAboveAll(), raw));
    }

    /** How {@link #rateAt} found its rate. */
    public Basis rateBasis(double raw) {
        int accepted = farAt(raw).accepted();
        if (accepted >= MIN_EXPECTED_ACCEPTS) {
            return Basis.MEASURED;
        }
        return accepted > 0 || raw <= aboveAll() ? Basis.UPPER_BOUND : Basis.EXTRAPOLATED;
    }

    /**
     * The per-comparison rate that keeps a 1:N search over {@code galleryFaces} faces at {@code
     * perSearch}: a stranger is falsely accepted when any of the N comparisons is, so {@code
     * FAR_N = 1 - (1 - FAR_1)^N}.
     */
    public static double perComparison(double perSearch, long galleryFaces) {
        if (galleryFaces < 1) {
            throw new IllegalArgumentException("a gallery has at least one face: " + galleryFaces);
        }
        return -Math.expm1(Math.log1p(-perSearch) / galleryFaces);
    }

    /** The chance that a search over {@code galleryFaces} faces falsely accepts a stranger, at a per-comparison rate. */
    public static double perSearch(double perComparison, long galleryFaces) {
        return -Math.expm1(galleryFaces * Math.log1p(-perComparison));
    }

    private static double lowest(DoublePredicate holds) {
        for (long i = Math.round(-1 / GRID); i <= Math.round(1 / GRID); i++) {
            double raw = round(i * GRID);
            if (holds.test(raw)) {
                return raw;
            }
        }
        return 1.0;
    }

    /** Three decimals, the grid's, without binary noise. */
    static double round(double raw) {
        return Math.round(raw * 1000) / 1000.0;
    }
}
