package io.polyface.engine.local.pipeline;

import io.polyface.spi.engine.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * The 21- and 106-point landmark sets, <b>derived</b> from the 68 iBUG points the landmark model
 * measures: picked, averaged or interpolated, never measured. Indices below are 0-based iBUG
 * indices: jaw 0-16, brows 17-21 and 22-26, nose 27-35, eyes 36-41 and 42-47, mouth 48-67. "Left"
 * is the image's left. Pure and thread-safe.
 */
final class LandmarkSets {

    private LandmarkSets() {
    }

    /**
     * The five alignment points: left eye = mean of 37, 38, 40, 41; right eye = mean of 43, 44, 46,
     * 47; nose tip = 30; mouth corners = mean of 48 and 60, and of 54 and 64.
     */
    static List<Point> fivePoints(List<Point> p) {
        check(p);
        return List.of(
                mean(p, 37, 38, 40, 41),
                mean(p, 43, 44, 46, 47),
                p.get(30),
                mean(p, 48, 60),
                mean(p, 54, 64));
    }

    /**
     * 21 points in the AFLW order: brow outer end, middle, inner end of the left brow (17, 19, 21)
     * and of the right brow (22, 24, 26); left eye outer corner, centre (mean of 37, 38, 40, 41),
     * inner corner (36, c, 39); right eye inner corner, centre (mean of 43, 44, 46, 47), outer corner
     * (42, c, 45); left "ear" (jaw end 0: the 68 have no ear points); nose left (31), tip (30), right
     * (35); right "ear" (jaw end 16); mouth left corner (48), centre (mean of inner lips 62 and 66),
     * right corner (54); chin (8).
     */
    static List<Point> aflw21(List<Point> p) {
        check(p);
        return List.of(
                p.get(17), p.get(19), p.get(21), p.get(22), p.get(24), p.get(26),
                p.get(36), mean(p, 37, 38, 40, 41), p.get(39),
                p.get(42), mean(p, 43, 44, 46, 47), p.get(45),
                p.get(0), p.get(31), p.get(30), p.get(35), p.get(16),
                p.get(48), mean(p, 62, 66), p.get(54), p.get(8));
    }

    /**
     * 106 points: 0-32 the jaw line, its 17 points with the midpoint of each neighbouring pair between
     * them; 33-41 the left brow, 42-50 the right brow, each 5 points with the 4 midpoints between;
     * 51-59 the nose (27-35 as they are); 60-71 the left eye, 72-83 the right eye, each 6 points
     * with the midpoint after each (the last between the sixth and the first, closing the contour);
     * 84-103 the mouth (48-67 as they are); 104 and 105 the eye centres (mean of each eye's 6 points).
     * The jaw, mouth and eye-centre indices coincide with the common 106-point layout; the other groups
     * do not, and no midpoint is a measurement.
     */
    static List<Point> points106(List<Point> p) {
        check(p);
        List<Point> out = new ArrayList<>(106);
        interleaved(p, 0, 16, out);
        interleaved(p, 17, 21, out);
        interleaved(p, 22, 26, out);
        for (int i = 27; i <= 35; i++) {
            out.add(p.get(i));
        }
        closedLoop(p, 36, 41, out);
        closedLoop(p, 42, 47, out);
        for (int i = 48; i <= 67; i++) {
            out.add(p.get(i));
        }
        out.add(mean(p, 36, 37, 38, 39, 40, 41));
        out.add(mean(p, 42, 43, 44, 45, 46, 47));
        return List.copyOf(out);
    }

    private static void interleaved(List<Point> p, int from, int to, List<Point> out) {
        for (int i = from; i <= to; i++) {
            out.add(p.get(i));
            if (i < to) {
                out.add(mean(p, i, i + 1));
            }
        }
    }

    private static void closedLoop(List<Point> p, int from, int to, List<Point> out) {
        for (int i = from; i <= to; i++) {
            out.add(p.get(i));
            out.add(mean(p, i, i == to ? from : i + 1));
        }
    }

    private static void check(List<Point> p) {
        if (p.size() != LandmarkModel.POINTS) {
            throw new IllegalArgumentException("expected " + LandmarkModel.POINTS + " landmarks, got " + p.size());
        }
    }

    private static Point mean(List<Point> p, int... indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += p.get(i).x();
            y += p.get(i).y();
        }
        return new Point(x / indices.length, y / indices.length);
    }
}
