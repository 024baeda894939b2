package io.polyface.engine.local.calibration;

import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * Two made-up dialects for the calibration's own tests, which cannot see the plugins: {@code curve},
 * a logistic curve set through settings, and {@code table}, a piecewise-linear map held in code. On
 * the synthetic faces a rate of 1e-1 is in reach and 1e-3 is not.
 */
final class TestScales {
    static final DialectScale CURVE = new DialectScale("curve", new Scale("Curve score", 3,
            List.of(threshold(0.5, 1e-1)), rawAtRate -> ScoreCalibration.logistic(rawAtRate.applyAsDouble(1e-1), 10),
            Optional.empty()));
    static final DialectScale TABLE = new DialectScale("table", new Scale("Table score", 1,
            List.of(threshold(35, 1e-1), threshold(45, 1e-3)),
            rawAtRate -> ScoreCalibration.piecewiseLinear(-1, 0, rawAtRate.applyAsDouble(1e-1), 35,
                    rawAtRate.applyAsDouble(1e-3), 45, 1, 100), Optional.of("TableScore.DEFAULT")));
    static final List<DialectScale> ALL = List.of(CURVE, TABLE);

    private TestScales() {
    }

    private static RecommendedThreshold threshold(double score, double rate) {
        return new RecommendedThreshold(score, "tests", rate, "made up");
    }

    private record Scale(String scoreName, int decimals, List<RecommendedThreshold> thresholds,
            Function<DoubleUnaryOperator, ScoreCalibration> mappings, Optional<String> mappingInCode) implements ScoreScale {
        @Override
        public ScoreCalibration mapping(DoubleUnaryOperator rawAtRate) {
            return mappings.apply(rawAtRate);
        }
    }
}
