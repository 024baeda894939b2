package io.polyface.plugin.qiniu;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectProvider;

/** Registers Qiniu's face and image search dialect under the id {@code qiniu}. */
public final class QiniuDialectProvider implements DialectProvider {
    public static final String ID = "qiniu";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Dialect create(DialectContext context) {
        return new QiniuDialect(context);
    }
}
