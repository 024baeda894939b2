package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.dialect.RecommendedThreshold;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * What a dialect's tests check of its score scale against a fresh calibration on the labelled faces:
 * its thresholds go from loosest to strictest, the mapping in use puts each where the calibration
 * does ({@link DialectScale#disagreement}), and the open-set check at each gives what its rate
 * promises ({@link OpenSet#broken}). One check for every dialect, so that each plugin's test only
 * names its scale and its mapping.
 */
public final class DialectScaleCheck {
    /** How far, in raw cosine, a mapping in use may sit from the calibration's proposal. */
    public static final double TOLERANCE = 0.01;

    private DialectScaleCheck() {
    }

    /**
     * Everything wrong with a dialect's scale and its mapping in use on this calibration; empty when
     * nothing is.
     *
     * @param mappedRaw the raw threshold the mapping in use gives a vendor score
     */
    public static List<String> problems(DialectScale scale, LabelledFaces faces, Calibration calibration,
            DoubleUnaryOperator mappedRaw) {
        List<String> problems = new ArrayList<>();
        OpenSet.Split split = OpenSet.split(faces);
        List<OpenSet.Answer> answers = OpenSet.bestMatches(split, calibration.scores());
        double mainRankOne = OpenSet.outcome(split, answers, calibration.forRate(OpenSet.MAIN_RATE).raw()).rankOneRate();
        double previous = Double.NEGATIVE_INFINITY;
        for (RecommendedThreshold t : scale.thresholds()) {
            String name = scale.dialect() + " " + DialectScale.plain(t.score());
            double raw = scale.proposedRaw(calibration, t.score());
            if (raw < previous) {
                problems.add(name + " sits at raw " + raw + ", below the looser threshold before it");
            }
            previous = raw;
            scale.disagreement(calibration, t.score(), mappedRaw.applyAsDouble(t.score()), TOLERANCE).ifPresent(problems::add);
            OpenSet.broken(t.falseAcceptRate(), OpenSet.outcome(split, answers, raw), mainRankOne)
                    .ifPresent(broken -> problems.add(name + ": " + broken));
        }
        return problems;
    }

    /**
     * A dialect provider's scale, to be checked against a calibration of the labelled faces that the
     * {@code polyface.faces} system property names; the faces are measured once, on first use.
     *
     * @throws IllegalArgumentException if the provider's dialect has no score scale
     */
    public static Calibrated onLabelledFaces(DialectProvider provider) {
        requireNonNull(provider, "provider is null");
        DialectScale scale = DialectScale.of(provider)
                .orElseThrow(() -> new IllegalArgumentException(provider.id() + " has no score scale"));
        return new Calibrated(scale);
    }

    /** A dialect's scale and the calibration it is checked against, measured on first use; thread-safe. */
    public static final class Calibrated {
        private final DialectScale scale;
        private Measurement measurement;

        private record Measurement(LabelledFaces faces, Calibration calibration) {
        }

        private Calibrated(DialectScale scale) {
            this.scale = scale;
        }

        public DialectScale scale() {
            return scale;
        }

        public Calibration calibration() {
            return measurement().calibration();
        }

        /** {@link DialectScaleCheck#problems} of this scale with the mapping in use on the labelled faces. */
        public List<String> problems(DoubleUnaryOperator mappedRaw) {
            Measurement measured = measurement();
            return DialectScaleCheck.problems(scale, measured.faces(), measured.calibration(), mappedRaw);
        }

        private synchronized Measurement measurement() {
            if (measurement == null) {
                LabelledFaces faces = LabelledFaces.fromSystemProperty();
                measurement = new Measurement(faces, Calibration.measure(faces));
            }
            return measurement;
        }
    }
}
