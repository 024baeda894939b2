package io.polyface.plugin.facepass;

import io.polyface.toolkit.settings.Setting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An engine with {@code connector: facepass}: its settings, as {@code connector-facepass.yaml} declares them.
 *
 * @param tenant the tenant the backend's groups are shown under
 * @param layout how the backend is shown
 * @param indexFile the file keeping the ids FacePass cannot hold; in memory when absent
 */
record FacepassConnectorSettings(
        @Setting(key = "tenant", defaultValue = FacepassDialectProvider.ID) String tenant,
        @Setting(key = "layout", defaultValue = "connector") Layout layout,
        @Setting(key = "index-file") Optional<Path> indexFile) {

    /** As collections of faces, or read-only as the FacePass dialect stores it (for a migration). */
    enum Layout {
        CONNECTOR,
        DIALECT
    }
}
