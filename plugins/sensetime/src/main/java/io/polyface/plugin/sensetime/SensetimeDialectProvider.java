package io.polyface.plugin.sensetime;

import io.polyface.toolkit.provider.NamedDialectProvider;

/** Registers the SenseTime v1 dialect under the id {@code sensetime}. */
public final class SensetimeDialectProvider extends NamedDialectProvider {
    public static final String ID = "sensetime";

    public SensetimeDialectProvider() {
        super(ID, SensetimeDialect::new, new SensetimeScoreScale());
    }
}
