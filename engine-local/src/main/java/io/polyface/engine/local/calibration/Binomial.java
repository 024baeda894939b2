package io.polyface.engine.local.calibration;

/**
 * Exact (Clopper-Pearson) confidence bounds of a proportion: how high or low a false-accept rate
 * can be, given {@code k} accepts among {@code n} impostor comparisons. Exact rather than normal
 * approximations because the counts that matter here are 0 to a few.
 */
final class Binomial {

    private Binomial() {
    }

    /**
     * The one-sided upper bound: the rate {@code p} at which {@code k} or fewer accepts among
     * {@code n} would happen with probability {@code alpha}. For {@code k = 0} and alpha 0.05 this
     * is {@code 1 - 0.05^(1/n)}, about {@code 3/n} (the rule of three).
     */
    static double upperBound(int k, int n, double alpha) {
        check(k, n, alpha);
        if (k == n) {
            return 1;
        }
        // cdf(k; p) falls from 1 at p = 0 to 0 at p = 1: bisect for the p where it equals alpha.
        double lo = (double) k / n;
        double hi = 1;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(k, n, mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The one-sided lower bound: 0 for {@code k = 0}, else the rate at which {@code k} or more happen with probability alpha. */
    static double lowerBound(int k, int n, double alpha) {
        check(k, n, alpha);
        if (k == 0) {
            return 0;
        }
        double lo = 0;
        double hi = (double) k / n;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            // P(X >= k) = 1 - cdf(k - 1) rises with p.
            if (1 - cdf(k - 1, n, mid) < alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** P(X <= k) for X ~ Binomial(n, p), summed in logarithms so that n of many thousands is exact enough. */
    static double cdf(int k, int n, double p) {
        if (p <= 0) {
            return 1;
        }
        if (p >= 1) {
            return k >= n ? 1 : 0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logN = logFactorial(n);
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(logN - logFactorial(i) - logFactorial(n - i) + i * logP + (n - i) * logQ);
        }
        return Math.min(1, sum);
    }

    private static double logFactorial(int m) {
        return logGamma(m + 1.0);
    }

    /** ln Γ(x) for x >= 1, by Stirling's series, exact to about 1e-12 there (recurrence below 10). */
    static double logGamma(double x) {
        double shift = 0;
        while (x < 10) {
            shift -= Math.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
    }

    private static void check(int k, int n, double alpha) {
        if (n < 1 || k < 0 || k > n) {
            throw new IllegalArgumentException("need 0 <= k <= n and n >= 1, got k " + k + ", n " + n);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
    }
}
