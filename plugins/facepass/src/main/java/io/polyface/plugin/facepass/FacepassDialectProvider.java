package io.polyface.plugin.facepass;

import io.polyface.spi.dialect.ScoreScale;
import io.polyface.toolkit.provider.NamedDialectProvider;
import java.util.Optional;

/** Registers the Megvii FacePass server dialect under the id {@code facepass}. */
public final class FacepassDialectProvider extends NamedDialectProvider {
    public static final String ID = "facepass";

    public FacepassDialectProvider() {
        super(ID, FacepassDialect::new);
    }

    @Override
    public Optional<ScoreScale> scoreScale() {
        return Optional.of(new FacepassScoreScale());
    }
}
