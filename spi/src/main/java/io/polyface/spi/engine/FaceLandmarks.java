package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Landmark sets of one face, in pixels of the original image.
 *
 * @param points68 the 68 points of the iBUG 300-W scheme as a landmark model measured them
 * @param points21 21 points in the AFLW order, <b>derived</b> from the 68 (picked or averaged, see
 *     the engine's documentation); the two "ear" points are the jaw line's ends, not ears
 * @param points106 106 points, <b>derived</b> from the 68: the measured points plus midpoints
 *     interpolated between neighbours (see the engine's documentation); no new detail is measured
 */
public record FaceLandmarks(List<Point> points68, List<Point> points21, List<Point> points106) {
    public FaceLandmarks {
        points68 = List.copyOf(requireNonNull(points68, "points68 is null"));
        points21 = List.copyOf(requireNonNull(points21, "points21 is null"));
        points106 = List.copyOf(requireNonNull(points106, "points106 is null"));
        if (points68.size() != 68 || points21.size() != 21 || points106.size() != 106) {
            throw new IllegalArgumentException("expected 68, 21 and 106 points, got " + points68.size() + ", "
                    + points21.size() + " and " + points106.size());
        }
    }
}
