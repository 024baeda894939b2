package io.polyface.plugin.sensetime;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.IndexedFace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Polyface knows about a face that a SenseTime faceset cannot hold, kept by the connector
 * beside SenseTime's {@code face_id}: the face's Polyface id (the caller's, else the face_id), tag,
 * description, user data, image id, box and time. SenseTime stays the truth for which faces a
 * faceset holds; the index only names them.
 *
 * <p>Kept in the gateway's database when it has one ({@link SensetimeConnectorRecords}), so any
 * gateway node can serve the engine; else in memory and, with {@code index-file}, in that file,
 * which one node must own ({@link SensetimeConnectorFile}).
 *
 * <p>Thread-safe.
 */
sealed interface SensetimeConnectorIndex permits SensetimeConnectorFile, SensetimeConnectorRecords {

    /**
     * The index the connector's context calls for: in the gateway's database when there is one (a
     * file named by {@code index-file} is imported into it once), else the file or memory.
     */
    static SensetimeConnectorIndex of(ConnectorContext context, String tenant, Optional<Path> file) {
        if (context.records().isEmpty()) {
            return new SensetimeConnectorFile(file);
        }
        SensetimeConnectorRecords records = new SensetimeConnectorRecords(context.records().get(), tenant, context.engineName());
        file.filter(Files::exists).ifPresent(f -> records.importOnce(new SensetimeConnectorFile(Optional.of(f)), f));
        return records;
    }

    Optional<IndexedFace> face(String faceset, String faceId);

    /** The faces of a faceset that name this SenseTime face_id. */
    List<IndexedFace> bySensetimeId(String faceset, String sensetimeId);

    /** The faces of a faceset by the SenseTime face_id they name, read at once (a listing names every one). */
    Map<String, List<IndexedFace>> bySensetimeIds(String faceset);

    void put(String faceset, IndexedFace face);

    void remove(String faceset, String faceId);

    /** Forgets a faceset's faces. */
    void removeFaceset(String faceset);
}
