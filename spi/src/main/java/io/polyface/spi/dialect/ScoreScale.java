package io.polyface.spi.dialect;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * A dialect's score scale as score calibration ({@code ./polyface calibrate}) sees it: the thresholds
 * the vendor recommends, the false-accept rate each is made to mean, and the mapping from raw cosine
 * that holds those rates on a measured sample. The calibration proposes that mapping; the dialect's
 * tests pin the mapping it uses to the proposal.
 */
public interface ScoreScale {
    /** The vendor's name for its score, as a report's column heading: {@code "SenseTime confidence"}. */
    String scoreName();

    /** Decimals a report shows of a score: 3 unless the scale is coarser (0..100 shows 1). */
    default int decimals() {
        return 3;
    }

    /** The vendor's recommended thresholds, loosest first. */
    List<RecommendedThreshold> thresholds();

    /**
     * The mapping from raw cosine to the vendor's score that puts each recommended threshold at the
     * raw threshold holding its rate.
     *
     * @param rawAtRate the raw threshold that holds a false-accept rate, below 1 for every rate of
     *     {@link #thresholds()}
     */
    ScoreCalibration mapping(DoubleUnaryOperator rawAtRate);

    /**
     * The constant in code holding the mapping in use ({@code "FacepassScore.SIMILARITY"}) when no
     * setting changes it; empty when the dialect reads it from {@code dialects.<id>.score}, as
     * {@code center} and {@code steepness} of a logistic curve or {@code anchors} of a
     * piecewise-linear one.
     */
    Optional<String> mappingInCode();
}
