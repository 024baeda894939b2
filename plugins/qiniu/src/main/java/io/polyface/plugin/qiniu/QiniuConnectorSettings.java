package io.polyface.plugin.qiniu;

import io.polyface.toolkit.settings.Setting;

/**
 * An engine with {@code connector: qiniu}: its settings, as {@code connector-qiniu.yaml} declares
 * them; the credentials, which it cannot work without, are read as the context's required settings.
 *
 * @param tenant the tenant the backend's groups are shown under
 */
record QiniuConnectorSettings(@Setting(key = "tenant", defaultValue = "default") String tenant) {
}
