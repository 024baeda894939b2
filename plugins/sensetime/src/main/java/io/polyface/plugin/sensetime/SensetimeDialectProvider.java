package io.polyface.plugin.sensetime;

import io.polyface.spi.dialect.ScoreScale;
import io.polyface.toolkit.provider.NamedDialectProvider;
import java.util.Optional;

/** Registers the SenseTime v1 dialect under the id {@code sensetime}. */
public final class SensetimeDialectProvider extends NamedDialectProvider {
    public static final String ID = "sensetime";

    public SensetimeDialectProvider() {
        super(ID, SensetimeDialect::new);
    }

    @Override
    public Optional<ScoreScale> scoreScale() {
        return Optional.of(new SensetimeScoreScale());
    }
}
