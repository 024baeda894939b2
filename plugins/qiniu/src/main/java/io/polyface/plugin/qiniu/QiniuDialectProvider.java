package io.polyface.plugin.qiniu;

import io.polyface.toolkit.provider.NamedDialectProvider;

/** Registers Qiniu's face and image search dialect under the id {@code qiniu}. */
public final class QiniuDialectProvider extends NamedDialectProvider {
    public static final String ID = "qiniu";

    public QiniuDialectProvider() {
        super(ID, QiniuDialect::new, new QiniuScoreScale());
    }
}
