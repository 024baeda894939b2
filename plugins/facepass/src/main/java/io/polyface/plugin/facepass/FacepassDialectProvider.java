package io.polyface.plugin.facepass;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;

/** Registers the Megvii FacePass server dialect under the id {@code facepass}. */
public final class FacepassDialectProvider implements DialectProvider {
    public static final String ID = "facepass";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Dialect create(DialectContext context) {
        return new FacepassDialect(context);
    }
}
