package io.polyface.engine.local.calibration;

import io.polyface.spi.dialect.ScoreCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Each dialect's score scale as this calibration proposes it: the vendor's recommended thresholds,
 * the false-accept rate each stands for, and the mapping from raw cosine that puts each threshold
 * at the raw score holding its rate. The plugins hold the mapping in use; their tests check it
 * against {@link #proposedRaw} of a fresh calibration.
 *
 * <p>The rates: where a vendor states one (SenseTime's confidence table) it is used. Where it states
 * none, the main recommended threshold means at most 1e-3 per comparison, and a second threshold
 * the vendor recommends for the same score sits a decade away, on the side the vendor puts it:
 * FacePass's stricter 1:N 78 at 1e-4, Qiniu's looser surveillance 0.35 at 1e-2.
 */
public enum DialectScale {
    DMAI("dmai", List.of(new VendorThreshold("dmai", 0.5, "compare and search", 1e-3,
            "no threshold or rate in the document; 0.5 is this gateway's, at most 1e-3"))) {
        @Override
        ScoreCalibration mapping(Calibration calibration) {
            return ScoreCalibration.logistic(proposedRaw(calibration, 0.5), DMAI_STEEPNESS);
        }

        @Override
        public String settings(Calibration calibration) {
            return String.format(Locale.ROOT, "dialects.dmai.score.center: %.3f  (score.steepness: %.0f)",
                    proposedRaw(calibration, 0.5), DMAI_STEEPNESS);
        }
    },
    FACEPASS("facepass", List.of(
            new VendorThreshold("facepass", 70, "compare (1:1), compare_threshold", 1e-3,
                    "document recommends 70, states no rate: at most 1e-3"),
            new VendorThreshold("facepass", 78, "recognize (1:N), recognize_threshold", 1e-4,
                    "document recommends 78, stricter than 70, states no rate: a decade below 70's"))) {
        @Override
        ScoreCalibration mapping(Calibration calibration) {
            return ScoreCalibration.piecewiseLinear(-1, 1, 0, 30, proposedRaw(calibration, 70), 70,
                    proposedRaw(calibration, 78), 78, 1, 100);
        }
    },
    QINIU("qiniu", List.of(
            new VendorThreshold("qiniu", 0.35, "face search, surveillance footage", 1e-2,
                    "document recommends 0.35 for footage, looser than 0.45, states no rate: a decade above 0.45's"),
            new VendorThreshold("qiniu", 0.45, "face search, photos; the older API's floor", 1e-3,
                    "document recommends 0.45 for photos, states no rate: at most 1e-3"))) {
        @Override
        ScoreCalibration mapping(Calibration calibration) {
            return ScoreCalibration.piecewiseLinear(-1, 0, proposedRaw(calibration, 0.35), 0.35,
                    proposedRaw(calibration, 0.45), 0.45, 1, 1);
        }
    },
    SENSETIME("sensetime", sensetimeTable()) {
        @Override
        ScoreCalibration mapping(Calibration calibration) {
            return ScoreCalibration.piecewiseLinear(sensetimeAnchors(calibration));
        }

        @Override
        public String settings(Calibration calibration) {
            if (proposal(calibration).isEmpty()) {
                return super.settings(calibration);
            }
            StringBuilder anchors = new StringBuilder();
            double[] values = sensetimeAnchors(calibration);
            for (int i = 0; i < values.length; i++) {
                anchors.append(i == 0 ? "" : ", ").append(plain(values[i]));
            }
            return "dialects.sensetime.score.anchors: \"" + anchors + "\"";
        }
    };

    /** DM-AI's curve keeps its shape; only its centre is measured. */
    static final double DMAI_STEEPNESS = 10;

    private final String dialect;
    private final List<VendorThreshold> thresholds;

    DialectScale(String dialect, List<VendorThreshold> thresholds) {
        this.dialect = dialect;
        this.thresholds = thresholds;
    }

    public String dialect() {
        return dialect;
    }

    /** The vendor's recommended thresholds, loosest first. */
    public List<VendorThreshold> thresholds() {
        return thresholds;
    }

    /**
     * The mapping from raw cosine to the vendor's score that this calibration proposes; empty when
     * a threshold's rate is out of reach (its raw threshold would be 1 or more).
     */
    public Optional<ScoreCalibration> proposal(Calibration calibration) {
        for (VendorThreshold t : thresholds) {
            if (proposedRaw(calibration, t.score()) >= 1) {
                return Optional.empty();
            }
        }
        return Optional.of(mapping(calibration));
    }

    abstract ScoreCalibration mapping(Calibration calibration);

    /** The setting that applies the proposal without a rebuild, or where the mapping lives in code. */
    public String settings(Calibration calibration) {
        if (proposal(calibration).isEmpty()) {
            return "none: a threshold's rate is out of reach on this sample";
        }
        StringBuilder anchors = new StringBuilder();
        for (ScoreCalibration.Anchor anchor : ((ScoreCalibration.PiecewiseLinear) mapping(calibration)).anchors()) {
            anchors.append(anchors.isEmpty() ? "" : ", ").append('(').append(plain(anchor.raw())).append(", ")
                    .append(plain(anchor.score())).append(')');
        }
        return "no setting; the anchors in code: " + anchors;
    }

    /** The raw threshold the calibration puts this dialect's threshold {@code score} at. */
    public double proposedRaw(Calibration calibration, double score) {
        return calibration.forRate(threshold(score).target()).raw();
    }

    /**
     * How a dialect's mapping in use disagrees with this calibration at one of its thresholds, if it
     * does: its raw threshold more than {@code tolerance} from the proposed one, or, where the rate is
     * a 95% bound, a raw threshold at which the bound does not hold on the labelled faces. The plugins' tests pin their mappings with it, so that a model or pipeline
     * change that moves the scores fails loudly.
     */
    public Optional<String> disagreement(Calibration calibration, double score, double mappedRaw, double tolerance) {
        VendorThreshold t = threshold(score);
        Calibration.OperatingPoint proposed = calibration.forRate(t.target());
        FalseAcceptRate atMapped = calibration.farAt(mappedRaw);
        String what = String.format(Locale.ROOT, "%s %s (FAR %s) maps to raw %.3f; the calibration puts it at %.3f (%s)",
                dialect, plain(score), FalseAcceptRate.scientific(t.target()), mappedRaw, proposed.raw(),
                proposed.basis().text());
        if (Math.abs(mappedRaw - proposed.raw()) > tolerance) {
            return Optional.of(what + ", more than " + plain(tolerance) + " away");
        }
        // A bounded rate is the claim a threshold makes with confidence: the mapped one must hold it too.
        boolean holds = switch (proposed.basis()) {
            case MEASURED, EXTRAPOLATED -> true;
            case UPPER_BOUND -> atMapped.upperBound() <= t.target();
        };
        return holds ? Optional.empty() : Optional.of(what + "; at raw " + plain(mappedRaw) + " the FAR is " + atMapped);
    }

    /** One of this dialect's recommended thresholds. */
    public VendorThreshold threshold(double score) {
        return thresholds.stream().filter(t -> t.score() == score).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dialect + " recommends no threshold " + score));
    }

    private static List<VendorThreshold> sensetimeTable() {
        String[] words = {"十分之一", "百分之一", "千分之一", "万分之一", "十万分之一", "百万分之一"};
        List<VendorThreshold> table = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            double confidence = 0.4 + 0.1 * i;
            confidence = Math.round(confidence * 10) / 10.0;
            String use = confidence == 0.6 ? "same_person, identification candidates" : "confidence table";
            table.add(new VendorThreshold("sensetime", confidence, use, Math.pow(10, -(i + 1)),
                    "document: error rate " + words[i] + " at " + confidence));
        }
        return List.copyOf(table);
    }

    private static double[] sensetimeAnchors(Calibration calibration) {
        List<VendorThreshold> table = SENSETIME.thresholds();
        double[] values = new double[2 * table.size() + 4];
        values[0] = -1;
        values[1] = 0;
        for (int i = 0; i < table.size(); i++) {
            values[2 + 2 * i] = calibration.forRate(table.get(i).target()).raw();
            values[3 + 2 * i] = table.get(i).score();
        }
        values[values.length - 2] = 1;
        values[values.length - 1] = 1;
        return values;
    }

    static String plain(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.contains(".") ? text.replaceAll("0+$", "") : text;
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
