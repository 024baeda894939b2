package io.polyface.plugin.sensetime;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.ConnectorRecords;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    private static final IndexedFaceJson FACE_JSON = new IndexedFaceJson("face_id");
    private static final System.Logger LOG = System.getLogger(SensetimeConnectorRecords.class.getName());

    private final ConnectorRecords records;

    SensetimeConnectorRecords(RecordStore store, String tenant, String engineName) {
        this.records = new ConnectorRecords(store, tenant, "sensetime", engineName);
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
        return records.get(facesKind(faceset), faceId).map(json -> toFace(faceId, json));
    }

    @Override
    public List<IndexedFace> bySensetimeId(String faceset, String sensetimeId) {
        List<IndexedFace> named = new ArrayList<>();
        for (String faceId : records.all(idKind(faceset, sensetimeId)).keySet()) {
            face(faceset, faceId).filter(f -> f.backendId().equals(sensetimeId)).ifPresent(named::add);
        }
        named.sort(Comparator.comparing(IndexedFace::faceId));
        return named;
    }

    @Override
    public Map<String, List<IndexedFace>> bySensetimeIds(String faceset) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        records.all(facesKind(faceset)).forEach((faceId, json) -> {
            IndexedFace face = toFace(faceId, json);
            byId.computeIfAbsent(face.backendId(), i -> new ArrayList<>()).add(face);
        });
        return byId;
    }

    @Override
    public void put(String faceset, IndexedFace face) {
        Optional<IndexedFace> before = face(faceset, face.faceId());
        records.put(idKind(faceset, face.backendId()), face.faceId(), "{}");
        records.put(facesKind(faceset), face.faceId(), json(face));
        before.filter(b -> !b.backendId().equals(face.backendId()))
                .ifPresent(b -> records.delete(idKind(faceset, b.backendId()), face.faceId()));
    }

    @Override
    public void remove(String faceset, String faceId) {
        Optional<IndexedFace> before = face(faceset, faceId);
        if (before.isPresent()) {
            records.delete(facesKind(faceset), faceId);
            records.delete(idKind(faceset, before.get().backendId()), faceId);
        }
    }

    @Override
    public void removeFaceset(String faceset) {
        for (String faceId : records.all(facesKind(faceset)).keySet()) {
            remove(faceset, faceId);
        }
    }

    // ---- records ---------------------------------------------------------------------------

    private String facesKind(String faceset) {
        return "faces/" + faceset;
    }

    /** SenseTime's face ids are 32 hex digits: the faceset name before them cannot be misread. */
    private String idKind(String faceset, String sensetimeId) {
        return "face-id/" + faceset + "/" + sensetimeId;
    }

    private static String json(IndexedFace face) {
        return new String(SensetimeJson.bytes(FACE_JSON.write(face, SensetimeJson.object())), StandardCharsets.UTF_8);
    }

    private static IndexedFace toFace(String faceId, String json) {
        try {
            return FACE_JSON.read(faceId, SensetimeJson.STRICT.readTree(json));
        } catch (IOException e) {
            throw new FaceException.Internal("unreadable SenseTime connector record of face " + faceId, e);
        }
    }
}
