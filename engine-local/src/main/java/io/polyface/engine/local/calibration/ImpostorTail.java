package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

/**
 * An exponential fit to the upper tail of the impostor scores: how fast the false-accept rate
 * falls as the threshold rises, for rates below what the sample can show. Peaks over a threshold:
 * the highest {@value #TAIL_SHARE} of the scores (at least {@value #MIN_TAIL}) lie above {@code
 * floor}, and their excesses over it are taken as exponential with mean {@code scale}, so the rate
 * falls by e for every {@code scale} of raw score. An extrapolation, and printed as one: it
 * assumes the tail keeps, beyond the sample, the slope it has within it.
 *
 * @param floor the score above which the tail is fitted
 * @param share the fraction of impostor scores above {@code floor}
 * @param scale the mean excess over {@code floor}, in raw cosine
 * @param fitted how many scores the fit rests on
 */
record ImpostorTail(double floor, double share, double scale, int fitted) {
    static final double TAIL_SHARE = 0.05;
    static final int MIN_TAIL = 20;

    public ImpostorTail {
        if (!Double.isFinite(floor) || !(share > 0 && share <= 1) || !(scale > 0) || fitted < 1) {
            throw new IllegalArgumentException("not a tail: floor " + floor + ", share " + share + ", scale " + scale);
        }
    }

    /** Fits the tail of an impostor sample; it needs more than {@value #MIN_TAIL} scores. */
    static ImpostorTail fit(ScoreSample impostors) {
        requireNonNull(impostors, "impostors is null");
        int n = impostors.size();
        int k = Math.max(MIN_TAIL, (int) Math.ceil(TAIL_SHARE * n));
        if (k >= n) {
            throw new IllegalArgumentException("too few impostor scores to fit a tail: " + n);
        }
        double floor = impostors.highest(k + 1);
        double excess = 0;
        for (int i = 1; i <= k; i++) {
            excess += impostors.highest(i) - floor;
        }
        return new ImpostorTail(floor, (double) k / n, Math.max(excess / k, 1e-6), k);
    }

    /** The raw score over which the rate falls tenfold. */
    public double decade() {
        return scale * Math.log(10);
    }

    /** The rate at {@code raw}, continuing the slope from a known rate at {@code fromRaw}. */
    public double continued(double fromRaw, double fromRate, double raw) {
        return fromRate * Math.exp(-(raw - fromRaw) / scale);
    }

    /** The raw score at which the slope from a known rate at {@code fromRaw} reaches {@code rate}. */
    public double continuedTo(double fromRaw, double fromRate, double rate) {
        return fromRaw + scale * Math.log(fromRate / rate);
    }
}
