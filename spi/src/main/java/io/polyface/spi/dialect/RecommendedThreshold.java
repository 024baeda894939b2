package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

/**
 * One threshold a vendor's documentation recommends on its score, and the false-accept rate it is
 * made to mean here.
 *
 * @param score the threshold on the vendor's scale
 * @param use what the vendor recommends it for
 * @param falseAcceptRate the per-comparison false-accept rate it stands for, in (0, 1)
 * @param basis where that rate comes from: the vendor's own statement, or the rule chosen here
 */
public record RecommendedThreshold(double score, String use, double falseAcceptRate, String basis) {
    public RecommendedThreshold {
        requireNonNull(use, "use is null");
        requireNonNull(basis, "basis is null");
        if (!(falseAcceptRate > 0 && falseAcceptRate < 1)) {
            throw new IllegalArgumentException("falseAcceptRate must be in (0, 1): " + falseAcceptRate);
        }
    }
}
