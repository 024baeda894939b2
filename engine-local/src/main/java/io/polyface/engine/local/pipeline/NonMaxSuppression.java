package io.polyface.engine.local.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression: boxes in descending score order, each kept unless it overlaps an
 * already kept box by more than the IoU threshold. Pure and thread-safe.
 */
final class NonMaxSuppression {

    /** A candidate box as corners, with its score. */
    public record Candidate(double x1, double y1, double x2, double y2, double score) {
        double area() {
            return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        }

        double iou(Candidate o) {
            double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
            double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
            if (iw <= 0 || ih <= 0) {
                return 0;
            }
            double inter = iw * ih;
            double union = area() + o.area() - inter;
            return union <= 0 ? 0 : inter / union;
        }
    }

    private final double iouThreshold;

    public NonMaxSuppression(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1]: " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** The kept candidates, highest score first. */
    public List<Candidate> apply(List<Candidate> candidates) {
        Candidate[] sorted = candidates.toArray(Candidate[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            boolean suppressed = false;
            for (Candidate k : kept) {
                if (c.iou(k) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(c);
            }
        }
        return kept;
    }
}
