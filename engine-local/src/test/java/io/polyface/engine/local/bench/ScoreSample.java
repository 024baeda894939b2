package io.polyface.engine.local.bench;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A sorted sample of raw cosine scores (genuine or impostor comparisons) and the rates a threshold
 * gives on it. A comparison is accepted when its score is at or above the threshold.
 *
 * @param name what the sample is, for tables
 * @param scores ascending
 */
record ScoreSample(String name, double[] scores) {
    ScoreSample {
        requireNonNull(name, "name is null");
        scores = requireNonNull(scores, "scores is null").clone();
        Arrays.sort(scores);
    }

    int size() {
        return scores.length;
    }

    /** How many scores are at or above {@code threshold}. */
    int accepted(double threshold) {
        // First index whose score is >= threshold.
        int lo = 0;
        int hi = scores.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] < threshold) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return scores.length - lo;
    }

    double acceptRate(double threshold) {
        return (double) accepted(threshold) / scores.length;
    }

    /**
     * The lowest threshold on a grid of {@code step} whose accept rate is at most {@code rate},
     * or empty when the sample is too small to show that rate (fewer than one comparison in
     * {@code 1 / rate}): a zero count from too few comparisons proves nothing.
     */
    OptionalDouble thresholdForAcceptRate(double rate, double step) {
        if (rate * scores.length < 1) {
            return OptionalDouble.empty();
        }
        for (long i = Math.round(-1 / step); i <= Math.round(1 / step); i++) {
            double threshold = i * step;
            if (acceptRate(threshold) <= rate) {
                return OptionalDouble.of(threshold);
            }
        }
        return OptionalDouble.of(1.0);
    }

    /** The value below which a fraction {@code q} of the scores lie (nearest rank). */
    double quantile(double q) {
        int index = (int) Math.ceil(q * scores.length) - 1;
        return scores[Math.clamp(index, 0, scores.length - 1)];
    }

    double mean() {
        return Arrays.stream(scores).average().orElse(Double.NaN);
    }

    double min() {
        return scores[0];
    }

    double max() {
        return scores[scores.length - 1];
    }

    /** How many scores fall in [from, to). */
    int countBetween(double from, double to) {
        return accepted(from) - accepted(to);
    }
}
