package io.polyface.plugin.dmai;

import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * DM-AI's confidence for score calibration: the one threshold, 0.5, at most 1e-3 per comparison
 * (the document states no threshold or rate), and a logistic curve centred where that rate is held;
 * the curve keeps {@link DmaiScore#DEFAULT}'s steepness. Set by {@code dialects.dmai.score}.
 */
final class DmaiScoreScale implements ScoreScale {
    private static final RecommendedThreshold RECOMMENDED = new RecommendedThreshold(DmaiScore.RECOMMENDED_THRESHOLD,
            "compare and search", 1e-3, "no threshold or rate in the document; 0.5 is this gateway's, at most 1e-3");

    @Override
    public String scoreName() {
        return "DM-AI score";
    }

    @Override
    public List<RecommendedThreshold> thresholds() {
        return List.of(RECOMMENDED);
    }

    @Override
    public ScoreCalibration mapping(DoubleUnaryOperator rawAtRate) {
        return ScoreCalibration.logistic(rawAtRate.applyAsDouble(RECOMMENDED.falseAcceptRate()),
                DmaiScore.DEFAULT.steepness());
    }

    @Override
    public Optional<String> mappingInCode() {
        return Optional.empty();
    }
}
