package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The two pictures of a calibration, as plain SVG: the raw-score histograms of genuine and impostor
 * comparisons (counts on a log scale, so a single impostor in the tail shows), and the ROC curve
 * (true-accept rate against false-accept rate on a log scale). Written by hand; no plotting library.
 */
final class SvgCharts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    private static final String GENUINE = "#1f77b4";
    private static final String IMPOSTOR = "#d62728";
    private static final double BIN = 0.02;

    private SvgCharts() {
    }

    /** A raw threshold found for a false-accept-rate target, labelled. */
    record Marker(double raw, double target, String label) {
        Marker {
            requireNonNull(label, "label is null");
        }
    }

    static String histogram(Calibration calibration, List<Marker> markers) {
        ScoreSample genuine = calibration.genuine();
        ScoreSample impostors = calibration.impostors();
        double from = -0.5;
        double to = 1.0;
        int bins = (int) Math.round((to - from) / BIN);
        int most = 1;
        for (int b = 0; b < bins; b++) {
            double lo = from + b * BIN;
            most = Math.max(most, Math.max(genuine.countBetween(lo, lo + BIN), impostors.countBetween(lo, lo + BIN)));
        }
        double top = Math.pow(10, Math.ceil(Math.log10(most)));
        Plot plot = new Plot(from, to, 0, Math.log10(top));
        StringBuilder svg = plot.open(String.format(Locale.ROOT,
                "Raw cosine, %s: %d genuine and %d impostor comparisons (counts per %.2f, log scale)",
                calibration.featureVersion(), genuine.size(), impostors.size(), BIN));
        for (int decade = 0; decade <= Math.log10(top); decade++) {
            plot.horizontalGrid(svg, decade, String.format(Locale.ROOT, "%.0f", Math.pow(10, decade)));
        }
        for (double x = -0.4; x <= 1.0001; x += 0.2) {
            plot.verticalTick(svg, x, String.format(Locale.ROOT, "%.1f", x));
        }
        for (ScoreSample sample : List.of(impostors, genuine)) {
            String colour = sample == genuine ? GENUINE : IMPOSTOR;
            for (int b = 0; b < bins; b++) {
                double lo = from + b * BIN;
                int count = sample.countBetween(lo, lo + BIN);
                if (count > 0) {
                    // A count of 1 is log 0: drawn as a thin bar so that it is not lost.
                    double height = Math.max(Math.log10(count), 0.08);
                    svg.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.55\"/>%n",
                            plot.x(lo), plot.y(height), plot.x(lo + BIN) - plot.x(lo), plot.y(0) - plot.y(height), colour));
                }
            }
        }
        plot.markers(svg, markers);
        plot.legend(svg, List.of("genuine", "impostor"), List.of(GENUINE, IMPOSTOR));
        return plot.close(svg);
    }

    static String roc(Calibration calibration, List<Marker> markers) {
        ScoreSample genuine = calibration.genuine();
        ScoreSample impostors = calibration.impostors();
        double floor = Math.floor(Math.log10(1.0 / impostors.size()));
        Plot plot = new Plot(floor, 0, 0.5, 1.0);
        StringBuilder svg = plot.open(String.format(Locale.ROOT,
                "ROC, %s: true-accept rate (%d genuine) against false-accept rate (%d impostor, log scale)",
                calibration.featureVersion(), genuine.size(), impostors.size()));
        for (double tar = 0.5; tar <= 1.0001; tar += 0.1) {
            plot.horizontalGrid(svg, tar, String.format(Locale.ROOT, "%.1f", tar));
        }
        for (int decade = (int) floor; decade <= 0; decade++) {
            plot.verticalTick(svg, decade, decade == 0 ? "1" : "1e" + decade);
        }
        StringBuilder path = new StringBuilder();
        double lastFar = -1;
        for (long i = -1000; i <= 1000; i++) {
            double raw = i / 1000.0;
            int accepted = impostors.accepted(raw);
            if (accepted == 0) {
                break;
            }
            double far = (double) accepted / impostors.size();
            if (far == lastFar) {
                continue;
            }
            lastFar = far;
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                    plot.x(Math.log10(far)), plot.y(Math.max(0.5, genuine.acceptRate(raw)))));
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(GENUINE)
                .append("\" stroke-width=\"2\"/>\n");
        // Above the highest impostor nothing is measured: only the rule-of-three bound, drawn dashed.
        double bound = Math.log10(3.0 / impostors.size());
        double tarAbove = genuine.acceptRate(impostors.max() + Calibration.GRID);
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>%n",
                plot.x(floor), plot.y(tarAbove), plot.x(bound), plot.y(tarAbove), IMPOSTOR));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">"
                + "above every impostor: FAR &lt; 3/n, TAR %.3f</text>%n",
                plot.x(floor) + 4, plot.y(tarAbove) + 14, IMPOSTOR, tarAbove));
        // Each target's threshold: filled where its rate is measured, hollow at the target where nothing is.
        for (Marker marker : markers) {
            int accepted = impostors.accepted(marker.raw());
            double x = Math.max(floor, Math.log10(accepted == 0 ? marker.target() : (double) accepted / impostors.size()));
            double y = Math.max(0.5, genuine.acceptRate(marker.raw()));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"#333\"/>%n"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#333\">%s</text>%n",
                    plot.x(x), plot.y(y), accepted == 0 ? "none" : "#333", plot.x(x) + 6, plot.y(y) + 4,
                    escape(marker.label())));
        }
        return plot.close(svg);
    }

    /** The frame of one chart: data coordinates to pixels, axes, grid and labels. */
    private record Plot(double xFrom, double xTo, double yFrom, double yTo) {

        double x(double value) {
            return LEFT + (value - xFrom) / (xTo - xFrom) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (value - yFrom) / (yTo - yFrom) * (HEIGHT - TOP - BOTTOM);
        }

        StringBuilder open(String title) {
            StringBuilder svg = new StringBuilder();
            svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
            svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", LEFT, escape(title)));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                    LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
            return svg;
        }

        void horizontalGrid(StringBuilder svg, double value, String label) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y(value), WIDTH - RIGHT, y(value), LEFT - 6, y(value) + 4, escape(label)));
        }

        void verticalTick(StringBuilder svg, double value, String label) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                    x(value), TOP, x(value), HEIGHT - BOTTOM, x(value), HEIGHT - BOTTOM + 16, escape(label)));
        }

        void markers(StringBuilder svg, List<Marker> markers) {
            int row = 0;
            for (Marker marker : markers) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"3 3\"/>%n"
                        + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#333\">%s</text>%n",
                        x(marker.raw()), TOP, x(marker.raw()), HEIGHT - BOTTOM, x(marker.raw()) + 3,
                        TOP + 12 + 12 * (row++ % 4), escape(marker.label())));
            }
        }

        void legend(StringBuilder svg, List<String> names, List<String> colours) {
            for (int i = 0; i < names.size(); i++) {
                int y = HEIGHT - 12;
                int x = LEFT + 150 * i;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\" fill-opacity=\"0.55\"/>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                        x, y - 9, colours.get(i), x + 16, y, escape(names.get(i))));
            }
        }

        String close(StringBuilder svg) {
            return svg.append("</svg>\n").toString();
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
