package io.polyface.plugin.sensetime;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;

/** Registers the SenseTime v1 dialect under the id {@code sensetime}. */
public final class SensetimeDialectProvider implements DialectProvider {
    public static final String ID = "sensetime";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Dialect create(DialectContext context) {
        return new SensetimeDialect(context);
    }
}
