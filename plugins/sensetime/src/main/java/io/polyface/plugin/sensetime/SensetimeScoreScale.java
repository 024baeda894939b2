package io.polyface.plugin.sensetime;

import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * SenseTime's confidence for score calibration: the document's table, confidence 0.4 to 0.9 at error
 * rates one in ten to one in a million, and the piecewise-linear map through every row of it. Set by
 * {@code dialects.sensetime.score}.
 */
final class SensetimeScoreScale implements ScoreScale {
    private static final List<RecommendedThreshold> TABLE = table();

    @Override
    public String scoreName() {
        return "SenseTime confidence";
    }

    @Override
    public List<RecommendedThreshold> thresholds() {
        return TABLE;
    }

    @Override
    public ScoreCalibration mapping(DoubleUnaryOperator rawAtRate) {
        double[] values = new double[2 * TABLE.size() + 4];
        values[0] = -1;
        values[1] = 0;
        for (int i = 0; i < TABLE.size(); i++) {
            values[2 + 2 * i] = rawAtRate.applyAsDouble(TABLE.get(i).falseAcceptRate());
            values[3 + 2 * i] = TABLE.get(i).score();
        }
        values[values.length - 2] = 1;
        values[values.length - 1] = 1;
        return ScoreCalibration.piecewiseLinear(values);
    }

    @Override
    public Optional<String> mappingInCode() {
        return Optional.empty();
    }

    private static List<RecommendedThreshold> table() {
        String[] words = {"十分之一", "百分之一", "千分之一", "万分之一", "十万分之一", "百万分之一"};
        List<RecommendedThreshold> table = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            double confidence = Math.round((0.4 + 0.1 * i) * 10) / 10.0;
            String use = confidence == SensetimeScore.SAME_PERSON ? "same_person, identification candidates"
                    : "confidence table";
            table.add(new RecommendedThreshold(confidence, use, Math.pow(10, -(i + 1)),
                    "document: error rate " + words[i] + " at " + confidence));
        }
        return List.copyOf(table);
    }
}
