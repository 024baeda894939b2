package io.polyface.plugin.qiniu;

import io.polyface.toolkit.provider.NamedConnectorProvider;

/**
 * {@code connector: qiniu}: Qiniu's face-group API (Qiniu's service, or another gateway's Qiniu
 * dialect) as an engine. {@code base-url} is the API root (the one {@code /v1/face/groups} is
 * under); {@code access-key} and {@code secret-key} sign every request; {@code tenant} is the one
 * tenant it serves.
 */
public final class QiniuConnectorProvider extends NamedConnectorProvider {
    public QiniuConnectorProvider() {
        super(QiniuDialectProvider.ID, QiniuConnector::new);
    }
}
