package io.polyface.plugin.qiniu;

import io.polyface.spi.dialect.RecommendedThreshold;
import io.polyface.spi.dialect.ScoreCalibration;
import io.polyface.spi.dialect.ScoreScale;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Qiniu's face score for score calibration: the document's 0.45 for photos at most 1e-3 per
 * comparison, its looser 0.35 for surveillance footage a decade above (the document states no
 * rates), and the piecewise-linear map through them that {@link QiniuScore#DEFAULT} holds in code.
 */
final class QiniuScoreScale implements ScoreScale {
    private static final RecommendedThreshold SURVEILLANCE = new RecommendedThreshold(QiniuScore.SURVEILLANCE_THRESHOLD,
            "face search, surveillance footage", 1e-2,
            "document recommends 0.35 for footage, looser than 0.45, states no rate: a decade above 0.45's");
    private static final RecommendedThreshold PHOTO = new RecommendedThreshold(QiniuScore.PHOTO_THRESHOLD,
            "face search, photos; the older API's floor", 1e-3,
            "document recommends 0.45 for photos, states no rate: at most 1e-3");

    @Override
    public String scoreName() {
        return "Qiniu score";
    }

    @Override
    public List<RecommendedThreshold> thresholds() {
        return List.of(SURVEILLANCE, PHOTO);
    }

    @Override
    public ScoreCalibration mapping(DoubleUnaryOperator rawAtRate) {
        return ScoreCalibration.piecewiseLinear(-1, 0,
                rawAtRate.applyAsDouble(SURVEILLANCE.falseAcceptRate()), SURVEILLANCE.score(),
                rawAtRate.applyAsDouble(PHOTO.falseAcceptRate()), PHOTO.score(), 1, 1);
    }

    @Override
    public Optional<String> mappingInCode() {
        return Optional.of("QiniuScore.DEFAULT");
    }
}
