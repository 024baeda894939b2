package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SequencedMap;

/**
 * One dialect's score scale as this calibration proposes it: the vendor's recommended thresholds,
 * the false-accept rate each stands for, and the mapping from raw cosine that puts each threshold at
 * the raw score holding its rate. The dialects' plugins hold the scales ({@link ScoreScale}) and the
 * mappings in use; their tests check those against {@link #proposedRaw} of a fresh calibration.
 */
public final class DialectScale {
    private final String dialect;
    private final ScoreScale scale;

    public DialectScale(String dialect, ScoreScale scale) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.scale = requireNonNull(scale, "scale is null");
    }

    /** The scale of a dialect provider's dialect; empty when it has none. */
    public static Optional<DialectScale> of(DialectProvider provider) {
        return provider.scoreScale().map(scale -> new DialectScale(provider.id(), scale));
    }

    /** The scale of every dialect on the class path, by id. */
    public static List<DialectScale> onClassPath() {
        List<DialectScale> scales = new ArrayList<>();
        for (DialectProvider provider : ServiceLoader.load(DialectProvider.class)) {
            of(provider).ifPresent(scales::add);
        }
        scales.sort(Comparator.comparing(DialectScale::dialect));
        return List.copyOf(scales);
    }

    public String dialect() {
        return dialect;
    }

    /** The vendor's name for its score, as a column heading. */
    String scoreName() {
        return scale.scoreName();
    }

    /** A score as the report shows it. */
    String format(double score) {
        return String.format(Locale.ROOT, "%." + scale.decimals() + "f", score);
    }

    /** The vendor's recommended thresholds, loosest first. */
    public List<RecommendedThreshold> thresholds() {
        return scale.thresholds();
    }

    /**
     * The mapping from raw cosine to the vendor's score that this calibration proposes; empty when
     * a threshold's rate is out of reach (its raw threshold would be 1 or more).
     */
    public Optional<ScoreCalibration> proposal(Calibration calibration) {
        for (RecommendedThreshold t : thresholds()) {
            if (proposedRaw(calibration, t.score()) >= 1) {
                return Optional.empty();
            }
        }
        return Optional.of(scale.mapping(rate -> calibration.forRate(rate).raw()));
    }

    /**
     * The settings under {@code dialects.<id>.score} that apply the proposal without a rebuild, as
     * YAML values in order; empty when the mapping lives in code or nothing is proposed.
     */
    SequencedMap<String, String> settingValues(Calibration calibration) {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        if (scale.mappingInCode().isEmpty()) {
            proposal(calibration).ifPresent(mapping -> {
                switch (mapping) {
                    case ScoreCalibration.Logistic curve -> {
                        values.put("center", String.format(Locale.ROOT, "%.3f", curve.center()));
                        values.put("steepness", plain(curve.steepness()));
                    }
                    case ScoreCalibration.PiecewiseLinear table -> {
                        List<String> anchors = new ArrayList<>();
                        table.anchors().forEach(a -> anchors.addAll(List.of(plain(a.raw()), plain(a.score()))));
                        values.put("anchors", "\"" + String.join(", ", anchors) + "\"");
                    }
                }
            });
        }
        return values;
    }

    /** The setting that applies the proposal without a rebuild, or where the mapping lives in code. */
    public String settings(Calibration calibration) {
        Optional<ScoreCalibration> proposal = proposal(calibration);
        if (proposal.isEmpty()) {
            return "none: a threshold's rate is out of reach on this sample";
        }
        if (scale.mappingInCode().isPresent()) {
            return "no setting; " + switch (proposal.get()) {
                case ScoreCalibration.Logistic curve -> String.format(Locale.ROOT,
                        "the curve in code: center %.3f, steepness %s", curve.center(), plain(curve.steepness()));
                case ScoreCalibration.PiecewiseLinear table -> "the anchors in code: " + String.join(", ",
                        table.anchors().stream().map(a -> "(" + plain(a.raw()) + ", " + plain(a.score()) + ")").toList());
            };
        }
        StringBuilder line = new StringBuilder();
        settingValues(calibration).forEach((key, value) -> line.append(line.isEmpty()
                ? "dialects." + dialect + ".score." + key + ": " + value : "  (score." + key + ": " + value + ")"));
        return line.toString();
    }

    /** Where the mapping in use lives in code, when no setting changes it. */
    Optional<String> mappingInCode() {
        return scale.mappingInCode();
    }

    /** The raw threshold the calibration puts this dialect's threshold {@code score} at. */
    public double proposedRaw(Calibration calibration, double score) {
        return calibration.forRate(threshold(score).falseAcceptRate()).raw();
    }

    /**
     * How a dialect's mapping in use disagrees with this calibration at one of its thresholds, if it
     * does: its raw threshold more than {@code tolerance} from the proposed one, or, where the rate is
     * a 95% bound, a raw threshold at which the bound does not hold on the labelled faces. The
     * plugins' tests pin their mappings with it, so that a model or pipeline change that moves the
     * scores fails loudly.
     */
    public Optional<String> disagreement(Calibration calibration, double score, double mappedRaw, double tolerance) {
        RecommendedThreshold t = threshold(score);
        Calibration.OperatingPoint proposed = calibration.forRate(t.falseAcceptRate());
        FalseAcceptRate atMapped = calibration.farAt(mappedRaw);
        String what = String.format(Locale.ROOT, "%s %s (FAR %s) maps to raw %.3f; the calibration puts it at %.3f (%s)",
                dialect, plain(score), FalseAcceptRate.scientific(t.falseAcceptRate()), mappedRaw, proposed.raw(),
                proposed.basis().text());
        if (Math.abs(mappedRaw - proposed.raw()) > tolerance) {
            return Optional.of(what + ", more than " + plain(tolerance) + " away");
        }
        // A bounded rate is the claim a threshold makes with confidence: the mapped one must hold it too.
        boolean holds = switch (proposed.basis()) {
            case MEASURED, EXTRAPOLATED -> true;
            case UPPER_BOUND -> atMapped.upperBound() <= t.falseAcceptRate();
        };
        return holds ? Optional.empty() : Optional.of(what + "; at raw " + plain(mappedRaw) + " the FAR is " + atMapped);
    }

    /** One of this dialect's recommended thresholds. */
    public RecommendedThreshold threshold(double score) {
        return thresholds().stream().filter(t -> t.score() == score).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dialect + " recommends no threshold " + score));
    }

    @Override
    public String toString() {
        return dialect;
    }

    static String plain(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.contains(".") ? text.replaceAll("0+$", "") : text;
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
