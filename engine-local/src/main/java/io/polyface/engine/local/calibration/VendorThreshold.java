package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

/**
 * One threshold a vendor document recommends, and the false-accept rate it is made to mean here.
 *
 * @param dialect the dialect id ({@code dmai}, {@code facepass}, {@code qiniu}, {@code sensetime})
 * @param score the threshold on the vendor's scale
 * @param use what the vendor recommends it for
 * @param target the per-comparison false-accept rate it stands for
 * @param basis where that rate comes from: the vendor's own statement, or the rule chosen here
 */
public record VendorThreshold(String dialect, double score, String use, double target, String basis) {
    public VendorThreshold {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(use, "use is null");
        requireNonNull(basis, "basis is null");
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1): " + target);
        }
    }
}
