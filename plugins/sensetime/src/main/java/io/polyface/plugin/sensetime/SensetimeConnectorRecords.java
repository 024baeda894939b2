package io.polyface.plugin.sensetime;

import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.ConnectorRecords;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import io.polyface.toolkit.connector.IndexedFaceRecords;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's index in the gateway's database (see {@link SensetimeConnectorIndex}), as records
 * of the connector's tenant, so that every gateway node reads and writes the same:
 *
 * <ul>
 *   <li>kind {@code sensetime-connector/<engine>/faces/<faceset>}: a face, by face id;
 *   <li>kind {@code sensetime-connector/<engine>/face-id/<faceset>/<face_id>}: one record per face
 *       naming that SenseTime face_id, keyed by face id, so that its names are found without
 *       reading the whole faceset.
 * </ul>
 *
 * A face is written after its face_id record and removed before it: a crash in between leaves a
 * face_id counted once too often (the faceset then keeps a face the index no longer names), never
 * one removed while a face names it. Nothing is cached: a change through one node is seen by the
 * next call of any.
 *
 * <p>Thread-safe: it holds no state.
 */
final class SensetimeConnectorRecords implements SensetimeConnectorIndex {

    private static final System.Logger LOG = System.getLogger(SensetimeConnectorRecords.class.getName());

    private final ConnectorRecords records;
    private final IndexedFaceRecords faces;

    SensetimeConnectorRecords(RecordStore store, String tenant, String engineName) {
        this.records = new ConnectorRecords(store, tenant, "sensetime", engineName);
        // SenseTime's face ids are 32 hex digits: the faceset name before them cannot be misread.
        this.faces = IndexedFaceRecords.perHolder(records, new IndexedFaceJson("face_id"), "face-id");
    }

    /** Copies an index file in, once per file: the database then holds what the file did. */
    void importOnce(SensetimeConnectorFile file, Path path) {
        records.importOnce(path, () -> {
            int faces = ConnectorRecords.putAll(file.facesByFaceset(), this::put);
            LOG.log(Level.INFO, "SenseTime connector index {0} imported into the database: {1} faces", path.toAbsolutePath(), faces);
        });
    }

    @Override
    public Optional<IndexedFace> face(String faceset, String faceId) {
        return faces.face(faceset, faceId);
    }

    @Override
    public List<IndexedFace> bySensetimeId(String faceset, String sensetimeId) {
        return faces.byBackendId(faceset, sensetimeId);
    }

    @Override
    public Map<String, List<IndexedFace>> bySensetimeIds(String faceset) {
        return faces.byBackendIds(faceset);
    }

    @Override
    public void put(String faceset, IndexedFace face) {
        faces.put(faceset, face);
    }

    @Override
    public void remove(String faceset, String faceId) {
        faces.remove(faceset, faceId);
    }

    @Override
    public void removeFaceset(String faceset) {
        faces.removeHolder(faceset);
    }
}
