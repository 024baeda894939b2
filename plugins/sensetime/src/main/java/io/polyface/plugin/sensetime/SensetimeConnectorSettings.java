package io.polyface.plugin.sensetime;

import io.polyface.toolkit.settings.Setting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An engine with {@code connector: sensetime}: its settings, as {@code connector-sensetime.yaml}
 * declares them; the credentials, which it cannot work without, are read by {@link SensetimeClient}.
 *
 * @param tenant the tenant the backend's groups and facesets are shown under
 * @param layout how the backend is shown
 * @param indexFile the file keeping the ids SenseTime cannot hold; in memory when absent
 * @param score the backend's confidence map, to turn its confidences back into raw similarity
 * @param maxPolls polls of /info/task before giving up
 * @param pollMillis milliseconds between polls
 */
record SensetimeConnectorSettings(
        @Setting(key = "tenant", defaultValue = "default") String tenant,
        @Setting(key = "layout", defaultValue = "connector") Layout layout,
        @Setting(key = "index-file") Optional<Path> indexFile,
        @Setting(key = "score.anchors", form = SensetimeDialectSettings.ANCHORS) Optional<SensetimeScore> score,
        @Setting(key = "task.max-polls", defaultValue = "50") int maxPolls,
        @Setting(key = "task.poll-millis", defaultValue = "200") long pollMillis) {

    /** As collections of faces, or read-only as the SenseTime dialect stores it (for a migration). */
    enum Layout {
        CONNECTOR,
        DIALECT
    }
}
