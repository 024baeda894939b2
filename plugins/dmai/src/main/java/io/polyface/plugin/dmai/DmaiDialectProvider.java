package io.polyface.plugin.dmai;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;

/** Registers the DM-AI recocomp dialect under the id {@code dmai}. */
public final class DmaiDialectProvider implements DialectProvider {
    public static final String ID = "dmai";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Dialect create(DialectContext context) {
        return new DmaiDialect(context);
    }
}
