package io.polyface.engine.local.calibration;

import java.util.Locale;

/**
 * A false-accept rate as measured: {@code accepted} of {@code trials} impostor comparisons scored
 * at or above a threshold. It prints only what the count supports: no accepts is "< 3/n" at 95%
 * (the rule of three), never 0.
 *
 * @param accepted impostor comparisons accepted
 * @param trials impostor comparisons made, at least one
 */
record FalseAcceptRate(int accepted, int trials) {
    /** The confidence of every bound here. */
    public static final double CONFIDENCE = 0.95;

    public FalseAcceptRate {
        if (trials < 1 || accepted < 0 || accepted > trials) {
            throw new IllegalArgumentException("need 0 <= accepted <= trials, trials >= 1: " + accepted + "/" + trials);
        }
    }

    public double estimate() {
        return (double) accepted / trials;
    }

    /** One-sided upper bound at {@link #CONFIDENCE} (Clopper-Pearson): the rate the count rules out. */
    public double upperBound() {
        return Binomial.upperBound(accepted, trials, 1 - CONFIDENCE);
    }

    /** Two-sided {@link #CONFIDENCE} interval (Clopper-Pearson), lower end. */
    public double lowerEnd() {
        return Binomial.lowerBound(accepted, trials, (1 - CONFIDENCE) / 2);
    }

    /** Two-sided {@link #CONFIDENCE} interval (Clopper-Pearson), upper end. */
    public double upperEnd() {
        return Binomial.upperBound(accepted, trials, (1 - CONFIDENCE) / 2);
    }

    /** "1.6e-3 (6/3744; 95% CI 5.9e-4..3.5e-3)", or "< 8.0e-4 (0/3744; 95%, rule of three)". */
    @Override
    public String toString() {
        if (accepted == 0) {
            return String.format(Locale.ROOT, "< %s (0/%d; 95%%, rule of three)", scientific(3.0 / trials), trials);
        }
        return String.format(Locale.ROOT, "%s (%d/%d; 95%% CI %s..%s)", scientific(estimate()), accepted, trials,
                scientific(lowerEnd()), scientific(upperEnd()));
    }

    /** Two significant digits, "1.6e-3"; 0 as "0". */
    static String scientific(double value) {
        if (value == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.1e", value).replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e");
    }
}
