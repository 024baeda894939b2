package io.polyface.plugin.facepass;

import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * FacePass's similarity for score calibration: the document's 70 (1:1) at most 1e-3 per comparison,
 * its stricter 78 (1:N) a decade below (the document states no rates), and the piecewise-linear map
 * through them that {@link FacepassScore#SIMILARITY} holds in code.
 */
final class FacepassScoreScale implements ScoreScale {
    private static final List<RecommendedThreshold> THRESHOLDS = List.of(
            new RecommendedThreshold(FacepassThresholds.DEFAULTS.compare(), "compare (1:1), compare_threshold", 1e-3,
                    "document recommends 70, states no rate: at most 1e-3"),
            new RecommendedThreshold(FacepassThresholds.DEFAULTS.recognize(), "recognize (1:N), recognize_threshold", 1e-4,
                    "document recommends 78, stricter than 70, states no rate: a decade below 70's"));

    @Override
    public String scoreName() {
        return "FacePass score";
    }

    @Override
    public int decimals() {
        return 1;
    }

    @Override
    public List<RecommendedThreshold> thresholds() {
        return THRESHOLDS;
    }

    @Override
    public ScoreCalibration mapping(DoubleUnaryOperator rawAtRate) {
        RecommendedThreshold compare = THRESHOLDS.get(0);
        RecommendedThreshold recognize = THRESHOLDS.get(1);
        return ScoreCalibration.piecewiseLinear(-1, 1, 0, 30,
                rawAtRate.applyAsDouble(compare.falseAcceptRate()), compare.score(),
                rawAtRate.applyAsDouble(recognize.falseAcceptRate()), recognize.score(), 1, 100);
    }

    @Override
    public Optional<String> mappingInCode() {
        return Optional.of("FacepassScore.SIMILARITY");
    }
}
