package io.polyface.plugin.qiniu;

import io.polyface.spi.dialect.ScoreScale;
import io.polyface.toolkit.provider.NamedDialectProvider;
import java.util.Optional;

/** Registers Qiniu's face and image search dialect under the id {@code qiniu}. */
public final class QiniuDialectProvider extends NamedDialectProvider {
    public static final String ID = "qiniu";

    public QiniuDialectProvider() {
        super(ID, QiniuDialect::new);
    }

    @Override
    public Optional<ScoreScale> scoreScale() {
        return Optional.of(new QiniuScoreScale());
    }
}
