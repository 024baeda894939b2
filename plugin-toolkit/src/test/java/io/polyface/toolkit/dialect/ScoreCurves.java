package io.polyface.toolkit.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;

/** Assertions on a vendor's score curve: how it maps a raw similarity from -1 to 1 onto its scale. */
public final class ScoreCurves {
    private ScoreCurves() {
    }

    /** Every score, at steps of 0.01 from -1 to 1, lies in [0, 1] and is above the one before it. */
    public static void assertRisingWithinZeroToOne(DoubleUnaryOperator score) {
        assertWithinZeroToOne(score, true);
    }

    /** Every score, at steps of 0.01 from -1 to 1, lies in [0, 1] and is not below the one before it. */
    public static void assertNeverFallingWithinZeroToOne(DoubleUnaryOperator score) {
        assertWithinZeroToOne(score, false);
    }

    private static void assertWithinZeroToOne(DoubleUnaryOperator score, boolean strictly) {
        double previous = -1;
        for (double raw = -1.0; raw <= 1.0; raw += 0.01) {
            double s = score.applyAsDouble(raw);
            assertThat(s).as("score of %s", raw).isBetween(0.0, 1.0);
            if (strictly) {
                assertThat(s).as("score of %s", raw).isGreaterThan(previous);
            } else {
                assertThat(s).as("score of %s", raw).isGreaterThanOrEqualTo(previous);
            }
            previous = s;
        }
    }
}
