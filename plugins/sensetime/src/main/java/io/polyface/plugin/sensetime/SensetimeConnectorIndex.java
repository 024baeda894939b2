package io.polyface.plugin.sensetime;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.ConnectorRecords;
import io.polyface.toolkit.connector.FaceIndex;
import io.polyface.toolkit.connector.IndexedFaceJson;
import io.polyface.toolkit.connector.IndexedFaceRecords;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Polyface knows about a face that a SenseTime faceset cannot hold, kept by the connector
 * beside SenseTime's {@code face_id}, by faceset: the face's Polyface id (the caller's, else the
 * face_id), tag, description, user data, image id, box and time. SenseTime stays the truth for
 * which faces a faceset holds; the index only names them.
 *
 * <p>Kept in the gateway's database when it has one, so any gateway node can serve the engine:
 * kind {@code sensetime-connector/<engine>/faces/<faceset>} holds a face by face id, and kind
 * {@code sensetime-connector/<engine>/face-id/<faceset>/<face_id>} one record per face naming that
 * face_id, keyed by face id. Else in memory and, with {@code index-file}, in that file, which one
 * node must own ({@link SensetimeConnectorFile}).
 */
final class SensetimeConnectorIndex {
    static final IndexedFaceJson FACE_JSON = new IndexedFaceJson("face_id");
    private static final System.Logger LOG = System.getLogger(SensetimeConnectorIndex.class.getName());

    private SensetimeConnectorIndex() {
    }

    /**
     * The index the connector's context calls for: in the gateway's database when there is one (a
     * file named by {@code index-file} is imported into it once), else the file or memory.
     */
    static FaceIndex of(ConnectorContext context, String tenant, Optional<Path> file) {
        if (context.records().isEmpty()) {
            return SensetimeConnectorFile.open(file);
        }
        ConnectorRecords records = new ConnectorRecords(context.records().get(), tenant, "sensetime", context.engineName());
        // SenseTime's face ids are 32 hex digits: the faceset name before them cannot be misread.
        IndexedFaceRecords faces = IndexedFaceRecords.perHolder(records, FACE_JSON, "face-id");
        file.filter(Files::exists).ifPresent(path -> records.importOnce(path, () -> {
            int imported = ConnectorRecords.putAll(SensetimeConnectorFile.open(Optional.of(path)).byHolder(), faces::put);
            LOG.log(Level.INFO, "SenseTime connector index {0} imported into the database: {1} faces", path.toAbsolutePath(), imported);
        }));
        return faces;
    }
}
