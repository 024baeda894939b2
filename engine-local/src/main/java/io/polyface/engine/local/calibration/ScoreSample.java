package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

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

    /** The {@code rank}-th highest score, 1 being the highest. */
    double highest(int rank) {
        if (rank < 1 || rank > scores.length) {
            throw new IllegalArgumentException("no score of rank " + rank + " among " + scores.length);
        }
        return scores[scores.length - rank];
    }

    double max() {
        return scores[scores.length - 1];
    }

    /** How many scores fall in [from, to). */
    int countBetween(double from, double to) {
        return accepted(from) - accepted(to);
    }
}
