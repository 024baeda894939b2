package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps an engine's raw cosine similarity onto a vendor's score scale, and a vendor threshold back
 * onto a raw one. Engines return raw cosine; each dialect holds one calibration per score it
 * renders, measured on labelled faces (README, "Calibration"), so that a vendor's documented
 * threshold keeps its documented meaning (for example "confidence 0.6 = one false accept in a
 * thousand").
 *
 * <p>Every calibration is strictly increasing, so rankings are kept and {@link #toRaw} inverts
 * {@link #toScore} within the scale's range. Immutable and thread-safe.
 */
public sealed interface ScoreCalibration {

    /** The vendor score of a raw cosine similarity. */
    double toScore(double raw);

    /**
     * The raw cosine similarity that scores {@code score}: turns a vendor threshold into an engine
     * threshold.
     */
    double toRaw(double score);

    /**
     * A piecewise-linear map through anchor points (raw, score), both strictly increasing: the
     * form for scales defined by a few operating points, such as "FacePass 70 at the raw threshold
     * with a false-accept rate of 1e-3" or SenseTime's confidence-to-error-rate table. Between two
     * anchors the score is interpolated linearly; outside the anchors it is clamped to the first or
     * last anchor's score, so a scale never leaves its documented range. Anchors are hit exactly.
     *
     * @param anchors at least two, raw and score strictly increasing, all finite
     */
    record PiecewiseLinear(List<Anchor> anchors) implements ScoreCalibration {
        public PiecewiseLinear {
            anchors = List.copyOf(requireNonNull(anchors, "anchors is null"));
            if (anchors.size() < 2) {
                throw new IllegalArgumentException("a calibration needs at least two anchors, got " + anchors.size());
            }
            for (int i = 1; i < anchors.size(); i++) {
                Anchor before = anchors.get(i - 1);
                Anchor after = anchors.get(i);
                // Strict in both, so that the map is invertible and never flattens a ranking.
                if (!(after.raw() > before.raw()) || !(after.score() > before.score())) {
                    throw new IllegalArgumentException("anchors must increase strictly in raw and score: "
                            + before + " then " + after);
                }
            }
        }

        @Override
        public double toScore(double raw) {
            return interpolate(raw, true);
        }

        @Override
        public double toRaw(double score) {
            return interpolate(score, false);
        }

        private double interpolate(double x, boolean forward) {
            if (Double.isNaN(x)) {
                throw new IllegalArgumentException("not a number");
            }
            Anchor first = anchors.getFirst();
            Anchor last = anchors.getLast();
            if (x <= from(first, forward)) {
                return to(first, forward);
            }
            if (x >= from(last, forward)) {
                return to(last, forward);
            }
            // Few anchors: a linear scan is as fast as a binary search and plainly right.
            for (int i = 1; i < anchors.size(); i++) {
                Anchor hi = anchors.get(i);
                if (x <= from(hi, forward)) {
                    Anchor lo = anchors.get(i - 1);
                    if (x == from(hi, forward)) {
                        return to(hi, forward);
                    }
                    double t = (x - from(lo, forward)) / (from(hi, forward) - from(lo, forward));
                    return to(lo, forward) + t * (to(hi, forward) - to(lo, forward));
                }
            }
            return to(last, forward);
        }

        private static double from(Anchor anchor, boolean forward) {
            return forward ? anchor.raw() : anchor.score();
        }

        private static double to(Anchor anchor, boolean forward) {
            return forward ? anchor.score() : anchor.raw();
        }

        /** The lowest and highest score this calibration gives. */
        public double minScore() {
            return anchors.getFirst().score();
        }

        public double maxScore() {
            return anchors.getLast().score();
        }
    }

    /**
     * A logistic curve {@code 1 / (1 + exp(-steepness (raw - center)))}: a smooth 0..1 scale with
     * {@code center} at 0.5. Unbounded in raw, so {@link #toRaw} of 0 or 1 is infinite.
     *
     * @param center the raw cosine that scores 0.5
     * @param steepness how fast the score leaves 0.5 on either side, positive
     */
    record Logistic(double center, double steepness) implements ScoreCalibration {
        public Logistic {
            if (!Double.isFinite(center)) {
                throw new IllegalArgumentException("center must be finite: " + center);
            }
            if (!(steepness > 0) || !Double.isFinite(steepness)) {
                throw new IllegalArgumentException("steepness must be positive: " + steepness);
            }
        }

        @Override
        public double toScore(double raw) {
            return 1.0 / (1.0 + Math.exp(-steepness * (raw - center)));
        }

        @Override
        public double toRaw(double score) {
            return center - Math.log(1.0 / score - 1.0) / steepness;
        }
    }

    /** One operating point: raw cosine {@code raw} scores {@code score} on the vendor's scale. */
    record Anchor(double raw, double score) {
        public Anchor {
            if (!Double.isFinite(raw) || !Double.isFinite(score)) {
                throw new IllegalArgumentException("anchor values must be finite: raw " + raw + ", score " + score);
            }
        }
    }

    /**
     * A piecewise-linear calibration from alternating raw and score values: {@code
     * piecewiseLinear(-1, 0, 0.33, 70, 1, 100)}.
     */
    static PiecewiseLinear piecewiseLinear(double... rawThenScore) {
        requireNonNull(rawThenScore, "rawThenScore is null");
        if (rawThenScore.length % 2 != 0) {
            throw new IllegalArgumentException("raw and score values must come in pairs, got " + rawThenScore.length + " values");
        }
        List<Anchor> anchors = new ArrayList<>();
        for (int i = 0; i < rawThenScore.length; i += 2) {
            anchors.add(new Anchor(rawThenScore[i], rawThenScore[i + 1]));
        }
        return new PiecewiseLinear(anchors);
    }

    static Logistic logistic(double center, double steepness) {
        return new Logistic(center, steepness);
    }
}
