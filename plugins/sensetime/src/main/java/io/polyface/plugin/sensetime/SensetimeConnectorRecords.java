package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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

    private final RecordStore store;
    private final String tenant;
    private final String prefix;

    SensetimeConnectorRecords(RecordStore store, String tenant, String engineName) {
        this.store = requireNonNull(store, "store is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.prefix = "sensetime-connector/" + requireNonNull(engineName, "engineName is null") + "/";
    }

    /** Copies an index file in, once per file: the database then holds what the file did. */
    void importOnce(SensetimeConnectorFile file, Path path) {
        String key = path.toAbsolutePath().toString();
        if (store.record(tenant, prefix + "imported", key).isPresent()) {
            return;
        }
        int faces = 0;
        for (Map.Entry<String, List<IndexedFace>> faceset : file.facesByFaceset().entrySet()) {
            for (IndexedFace face : faceset.getValue()) {
                put(faceset.getKey(), face);
                faces++;
            }
        }
        store.putRecord(tenant, prefix + "imported", key, "{\"at\":\"" + Instant.now() + "\"}");
        LOG.log(Level.INFO, "SenseTime connector index {0} imported into the database: {1} faces", key, faces);
    }

    @Override
    public Optional<IndexedFace> face(String faceset, String faceId) {
        return store.record(tenant, facesKind(faceset), faceId).map(json -> toFace(faceId, json));
    }

    @Override
    public List<IndexedFace> bySensetimeId(String faceset, String sensetimeId) {
        List<IndexedFace> named = new ArrayList<>();
        for (String faceId : store.records(tenant, idKind(faceset, sensetimeId)).keySet()) {
            face(faceset, faceId).filter(f -> f.backendId().equals(sensetimeId)).ifPresent(named::add);
        }
        named.sort(Comparator.comparing(IndexedFace::faceId));
        return named;
    }

    @Override
    public Map<String, List<IndexedFace>> bySensetimeIds(String faceset) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        store.records(tenant, facesKind(faceset)).forEach((faceId, json) -> {
            IndexedFace face = toFace(faceId, json);
            byId.computeIfAbsent(face.backendId(), i -> new ArrayList<>()).add(face);
        });
        return byId;
    }

    @Override
    public void put(String faceset, IndexedFace face) {
        Optional<IndexedFace> before = face(faceset, face.faceId());
        store.putRecord(tenant, idKind(faceset, face.backendId()), face.faceId(), "{}");
        store.putRecord(tenant, facesKind(faceset), face.faceId(), json(face));
        before.filter(b -> !b.backendId().equals(face.backendId()))
                .ifPresent(b -> store.deleteRecord(tenant, idKind(faceset, b.backendId()), face.faceId()));
    }

    @Override
    public void remove(String faceset, String faceId) {
        Optional<IndexedFace> before = face(faceset, faceId);
        if (before.isPresent()) {
            store.deleteRecord(tenant, facesKind(faceset), faceId);
            store.deleteRecord(tenant, idKind(faceset, before.get().backendId()), faceId);
        }
    }

    @Override
    public void removeFaceset(String faceset) {
        for (String faceId : store.records(tenant, facesKind(faceset)).keySet()) {
            remove(faceset, faceId);
        }
    }

    // ---- records ---------------------------------------------------------------------------

    private String facesKind(String faceset) {
        return prefix + "faces/" + faceset;
    }

    /** SenseTime's face ids are 32 hex digits: the faceset name before them cannot be misread. */
    private String idKind(String faceset, String sensetimeId) {
        return prefix + "face-id/" + faceset + "/" + sensetimeId;
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
