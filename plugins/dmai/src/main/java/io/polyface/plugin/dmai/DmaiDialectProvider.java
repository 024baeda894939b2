package io.polyface.plugin.dmai;

import io.polyface.toolkit.provider.NamedDialectProvider;

/** Registers the DM-AI recocomp dialect under the id {@code dmai}. */
public final class DmaiDialectProvider extends NamedDialectProvider {
    public static final String ID = "dmai";

    public DmaiDialectProvider() {
        super(ID, DmaiDialect::new, new DmaiScoreScale());
    }
}
