package io.polyface.engine.local.calibration;

import static io.polyface.engine.local.calibration.FalseAcceptRate.scientific;
import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.calibration.Calibration.OperatingPoint;
import io.polyface.engine.local.calibration.FaceScores.Comparison;
import io.polyface.engine.local.calibration.FaceScores.Kind;
import io.polyface.spi.dialect.RecommendedThreshold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The calibration of one feature version as Markdown: distributions, ROC, the raw threshold of each
 * false-accept-rate target and how it was found, each dialect's thresholds with the mapping
 * proposed for them, what a gallery does to the risk, and the open-set check on the same faces.
 * Every rate carries the count it rests on.
 */
final class CalibrationReport {
    static final double[] TARGETS = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    static final long[] GALLERIES = {1_000, 100_000, 1_000_000};
    static final String NO_SCALES = "No dialect with a score scale is on the class path, so no dialect's thresholds "
            + "or mappings are proposed (`./polyface calibrate` puts the plugins on it).";
    private static final double[] ROC = {0.10, 0.15, 0.20, 0.25, 0.30, 0.33, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70};

    private final LabelledFaces faces;
    private final Calibration calibration;
    private final List<DialectScale> scales;
    private final StringBuilder out = new StringBuilder();

    private CalibrationReport(LabelledFaces faces, Calibration calibration, List<DialectScale> scales) {
        this.faces = faces;
        this.calibration = calibration;
        this.scales = scales;
    }

    /**
     * The Markdown section of one feature version, with the thresholds of the dialects given;
     * pictures are linked as {@code <version>-*.svg}.
     */
    static String markdown(LabelledFaces faces, Calibration calibration, List<DialectScale> scales) {
        CalibrationReport report = new CalibrationReport(requireNonNull(faces, "faces is null"),
                requireNonNull(calibration, "calibration is null"), List.copyOf(scales));
        report.write();
        return report.out.toString();
    }

    /** The threshold markers drawn on the pictures: the raw threshold of each distinct target. */
    static List<SvgCharts.Marker> markers(Calibration calibration) {
        List<SvgCharts.Marker> markers = new ArrayList<>();
        for (double target : new double[] {1e-2, 1e-3, 1e-4}) {
            OperatingPoint point = calibration.forRate(target);
            markers.add(new SvgCharts.Marker(point.raw(), target, String.format(Locale.ROOT, "FAR %s: raw %.3f (%s)",
                    scientific(target), point.raw(), point.basis().text())));
        }
        return markers;
    }

    private void write() {
        String version = calibration.featureVersion();
        FaceScores scores = calibration.scores();
        line("## Feature version `%s`", version);
        line("");
        line("![raw-score histograms](%s-histogram.svg)", version);
        line("![ROC](%s-roc.svg)", version);
        line("");
        line("Main face of each labelled photo%s. Genuine: every pair of photos of one person. Impostor: every pair of "
                + "photos of two labels (named people, or two labels of one source, are different people by the set's "
                + "rule; an unnamed label against another source's person is counted too and listed apart), and every "
                + "pair of faces of at least %.0f px in one group photo.", scores.faceless().isEmpty() ? ""
                : " (no face found in " + String.join(", ", scores.faceless()) + ")", FaceScores.MIN_GROUP_FACE);
        line("");
        distributions();
        roc();
        targets();
        dialects();
        galleries();
        openSet();
        highest();
    }

    private void distributions() {
        line("### Scores");
        line("");
        line("| comparisons | n | min | 1%% | 5%% | median | 95%% | 99%% | max |");
        line("|---|---|---|---|---|---|---|---|---|");
        FaceScores scores = calibration.scores();
        List<ScoreSample> samples = List.of(calibration.genuine(),
                scores.sample("impostor: known different", Kind.KNOWN_DIFFERENT),
                scores.sample("impostor: unnamed label across sources", Kind.ACROSS_SOURCES),
                scores.sample("impostor: faces of one group photo", Kind.SAME_GROUP_PHOTO),
                calibration.impostors());
        for (ScoreSample s : samples) {
            if (s.size() == 0) {
                line("| %s | 0 | | | | | | | |", s.name());
                continue;
            }
            line("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |", s.name(), s.size(), s.min(),
                    s.quantile(0.01), s.quantile(0.05), s.quantile(0.5), s.quantile(0.95), s.quantile(0.99), s.max());
        }
        line("");
        line("| raw cosine | genuine | impostor |");
        line("|---|---|---|");
        for (int bin = -3; bin < 10; bin++) {
            double from = bin == -3 ? -1.0 : bin / 10.0;
            double to = (bin + 1) / 10.0;
            line("| %s | %d | %d |", bin == -3 ? "< -0.2" : String.format(Locale.ROOT, "%.1f .. %.1f", from, to),
                    calibration.genuine().countBetween(from, to), calibration.impostors().countBetween(from, to));
        }
        line("");
    }

    private void roc() {
        line("### ROC (accept at or above the raw threshold)");
        line("");
        line("| raw | TAR (genuine accepted) | FRR | FAR: impostors accepted (95%% interval) |");
        line("|---|---|---|---|");
        TreeSet<Double> thresholds = new TreeSet<>();
        for (double t : ROC) {
            thresholds.add(t);
        }
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                double raw = scale.proposedRaw(calibration, t.score());
                if (raw < 1) {
                    thresholds.add(raw);
                }
            }
        }
        for (double raw : thresholds) {
            OperatingPoint p = calibration.at(raw);
            line("| %.3f | %.3f (%d/%d) | %.3f | %s |", raw, p.trueAcceptRate(), p.genuineAccepted(), p.genuineTrials(),
                    1 - p.trueAcceptRate(), p.far());
        }
        line("");
    }

    private void targets() {
        ImpostorTail tail = calibration.tail();
        line("### Raw threshold for a false-accept rate");
        line("");
        line("The lowest raw threshold (steps of 0.001) that holds the rate on the %d impostor comparisons: "
                + "**measured** where at least %d accepts are expected at the rate; else the **95%% upper bound** of "
                + "the measured rate (one-sided Clopper-Pearson) where some count can show it; else **extrapolated**: "
                + "above the highest impostor (%.3f) no accept among %d bounds the rate to %s, and from there the rate "
                + "is taken to fall as the fitted tail does, tenfold every %.3f of raw score (exponential fit to the "
                + "highest %d impostor scores, above %.3f, mean excess %.4f).", calibration.impostorTrials(),
                Calibration.MIN_EXPECTED_ACCEPTS, calibration.highestImpostor(), calibration.impostorTrials(),
                scientific(calibration.boundAboveAll()), tail.decade(), tail.fitted(), tail.floor(), tail.scale());
        line("");
        line("| FAR target | raw | how | FAR measured there | TAR | FRR |");
        line("|---|---|---|---|---|---|");
        for (double target : TARGETS) {
            OperatingPoint p = calibration.forRate(target);
            line("| %s | %.3f | %s | %s | %.3f (%d/%d) | %.3f |", scientific(target), p.raw(), p.basis().text(), p.far(),
                    p.trueAcceptRate(), p.genuineAccepted(), p.genuineTrials(), 1 - p.trueAcceptRate());
        }
        line("");
    }

    private void dialects() {
        line("### Each dialect's thresholds");
        line("");
        if (scales.isEmpty()) {
            line("%s", NO_SCALES);
            line("");
            return;
        }
        line("| dialect | threshold | recommended for | stands for | basis of that rate | raw | how | FAR measured | FRR |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                OperatingPoint p = calibration.forRate(t.falseAcceptRate());
                line("| %s | %s | %s | FAR %s | %s | %.3f | %s | %s | %.3f (%d/%d) |", scale.dialect(),
                        DialectScale.plain(t.score()), t.use(), scientific(t.falseAcceptRate()), t.basis(), p.raw(),
                        p.basis().text(), p.far(), 1 - p.trueAcceptRate(), p.falseRejects(), p.genuineTrials());
            }
        }
        line("");
        line("Proposed mappings (raw cosine to the vendor's score):");
        line("");
        for (DialectScale scale : scales) {
            line("- %s: %s", scale.dialect(), scale.settings(calibration));
        }
        line("");
    }

    private void galleries() {
        line("### 1:N search: the gallery multiplies the risk");
        line("");
        line("A search compares a stranger with every face of the gallery, and one accept is a false accept: "
                + "FAR_N = 1 - (1 - FAR_1)^N. The per-comparison rate is the conservative one of the table above: "
                + "measured, or its 95%% upper bound, or extrapolated above every impostor.");
        line("");
        line("| threshold | raw | FAR per comparison | how | FAR of a search over 1k faces | 100k | 1M |");
        line("|---|---|---|---|---|---|---|");
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                double raw = scale.proposedRaw(calibration, t.score());
                double far = calibration.rateAt(raw);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s %s | %.3f | %s | %s |",
                        scale.dialect(), DialectScale.plain(t.score()), raw, scientific(far),
                        calibration.rateBasis(raw).text()));
                for (long n : GALLERIES) {
                    row.append(' ').append(percent(Calibration.perSearch(far, n))).append(" |");
                }
                line("%s", row);
            }
        }
        line("");
        line("To keep a whole search at a rate, the per-comparison rate must be about N times smaller, and the "
                + "threshold higher (extrapolated; \"out of reach\" where it would pass raw 1):");
        line("");
        StringBuilder heading = new StringBuilder("| FAR per search | gallery | FAR per comparison | raw |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (DialectScale scale : scales) {
            heading.append(' ').append(scale.scoreName()).append(" |");
            rule.append("---|");
        }
        line("%s", heading);
        line("%s", rule);
        for (double perSearch : new double[] {1e-2, 1e-3}) {
            for (long n : GALLERIES) {
                double perComparison = Calibration.perComparison(perSearch, n);
                double raw = calibration.forRate(perComparison).raw();
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |",
                        scientific(perSearch), faces(n), scientific(perComparison)));
                row.append(raw >= 1 ? " out of reach |" : String.format(Locale.ROOT, " %.3f |", raw));
                for (DialectScale scale : scales) {
                    row.append(raw >= 1 ? " |" : " " + score(scale, raw) + " |");
                }
                line("%s", row);
            }
        }
        line("");
    }

    private String score(DialectScale scale, double raw) {
        return scale.proposal(calibration).map(mapping -> scale.format(mapping.toScore(raw))).orElse("-");
    }

    private void openSet() {
        OpenSet.Split split = OpenSet.split(faces);
        List<OpenSet.Answer> answers = OpenSet.bestMatches(split, calibration.scores());
        line("### Open-set check");
        line("");
        line("%d people enrolled with one photo each (every other identity in name order); searched 1:N by the "
                + "%d other photos of enrolled people and the %d photos of people never enrolled. `OpenSetSearchTest` "
                + "repeats it through the engine.", split.gallery().size(), split.enrolledProbes().size(),
                split.strangerProbes().size());
        line("");
        line("| raw threshold | thresholds there | rank-1 of enrolled | strangers accepted | misses | strangers taken for someone |");
        line("|---|---|---|---|---|---|");
        TreeSet<Double> raws = new TreeSet<>();
        raws.add(-1.0);
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                raws.add(scale.proposedRaw(calibration, t.score()));
            }
        }
        for (double raw : raws) {
            if (raw >= 1) {
                continue;
            }
            OpenSet.Outcome o = OpenSet.outcome(split, answers, raw);
            line("| %s | %s | %d/%d = %.3f | %d/%d | %s | %s |", raw < 0 ? "none" : String.format(Locale.ROOT, "%.3f", raw),
                    thresholdsAt(raw), o.rankOne(), o.enrolledProbes(), o.rankOneRate(), o.falseAccepts(),
                    o.strangerProbes(), some(o.misses()), raw < 0 ? "every one, as a best match" : some(o.strangersAccepted()));
        }
        line("");
    }

    private String thresholdsAt(double raw) {
        List<String> names = new ArrayList<>();
        for (DialectScale scale : scales) {
            for (RecommendedThreshold t : scale.thresholds()) {
                if (scale.proposedRaw(calibration, t.score()) == raw) {
                    names.add(scale.dialect() + " " + DialectScale.plain(t.score()));
                }
            }
        }
        return names.isEmpty() ? "(best match, no threshold)" : String.join(", ", names);
    }

    private void highest() {
        line("### Highest impostor comparisons");
        line("");
        calibration.scores().comparisons().stream().filter(c -> c.kind().impostor())
                .sorted(Comparator.comparingDouble(Comparison::score).reversed()).limit(10)
                .forEach(c -> line("- %.3f `%s` vs `%s` (%s)", c.score(), c.first(), c.second(),
                        c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        line("");
    }

    /** At most five, then how many more. */
    private static String some(List<String> items) {
        if (items.size() <= 5) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, 5)) + "; and " + (items.size() - 5) + " more";
    }

    private static String faces(long n) {
        return n >= 1_000_000 ? n / 1_000_000 + "M faces" : n / 1_000 + "k faces";
    }

    private static String percent(double p) {
        if (p > 0.999) {
            return "> 99.9%";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.1f%%", 100 * p) : scientific(p);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
