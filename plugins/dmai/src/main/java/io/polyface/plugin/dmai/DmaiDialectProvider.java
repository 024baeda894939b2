package io.polyface.plugin.dmai;

import io.polyface.spi.dialect.ScoreScale;
import io.polyface.toolkit.provider.NamedDialectProvider;
import java.util.Optional;

/** Registers the DM-AI recocomp dialect under the id {@code dmai}. */
public final class DmaiDialectProvider extends NamedDialectProvider {
    public static final String ID = "dmai";

    public DmaiDialectProvider() {
        super(ID, DmaiDialect::new);
    }

    @Override
    public Optional<ScoreScale> scoreScale() {
        return Optional.of(new DmaiScoreScale());
    }
}
