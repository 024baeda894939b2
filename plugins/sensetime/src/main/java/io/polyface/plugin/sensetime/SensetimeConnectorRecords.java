package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.RecordStore;
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
        for (Map.Entry<String, List<Face>> faceset : file.facesByFaceset().entrySet()) {
            for (Face face : faceset.getValue()) {
                put(faceset.getKey(), face);
                faces++;
            }
        }
        store.putRecord(tenant, prefix + "imported", key, "{\"at\":\"" + Instant.now() + "\"}");
        LOG.log(Level.INFO, "SenseTime connector index {0} imported into the database: {1} faces", key, faces);
    }

    @Override
    public Optional<Face> face(String faceset, String faceId) {
        return store.record(tenant, facesKind(faceset), faceId).map(json -> toFace(faceId, json));
    }

    @Override
    public List<Face> bySensetimeId(String faceset, String sensetimeId) {
        List<Face> named = new ArrayList<>();
        for (String faceId : store.records(tenant, idKind(faceset, sensetimeId)).keySet()) {
            face(faceset, faceId).filter(f -> f.sensetimeId().equals(sensetimeId)).ifPresent(named::add);
        }
        named.sort(Comparator.comparing(Face::faceId));
        return named;
    }

    @Override
    public Map<String, List<Face>> bySensetimeIds(String faceset) {
        Map<String, List<Face>> byId = new HashMap<>();
        store.records(tenant, facesKind(faceset)).forEach((faceId, json) -> {
            Face face = toFace(faceId, json);
            byId.computeIfAbsent(face.sensetimeId(), i -> new ArrayList<>()).add(face);
        });
        return byId;
    }

    @Override
    public void put(String faceset, Face face) {
        Optional<Face> before = face(faceset, face.faceId());
        store.putRecord(tenant, idKind(faceset, face.sensetimeId()), face.faceId(), "{}");
        store.putRecord(tenant, facesKind(faceset), face.faceId(), json(face));
        before.filter(b -> !b.sensetimeId().equals(face.sensetimeId()))
                .ifPresent(b -> store.deleteRecord(tenant, idKind(faceset, b.sensetimeId()), face.faceId()));
    }

    @Override
    public void remove(String faceset, String faceId) {
        Optional<Face> before = face(faceset, faceId);
        if (before.isPresent()) {
            store.deleteRecord(tenant, facesKind(faceset), faceId);
            store.deleteRecord(tenant, idKind(faceset, before.get().sensetimeId()), faceId);
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

    private static String json(Face face) {
        ObjectNode node = SensetimeJson.object();
        node.put("face_id", face.sensetimeId());
        node.put("tag", face.tag());
        face.description().ifPresent(d -> node.put("description", d));
        face.userData().ifPresent(u -> node.put("user_data", u));
        node.put("image_id", face.imageId());
        node.putArray("box").add(face.box().x()).add(face.box().y()).add(face.box().width()).add(face.box().height());
        node.put("created_at", face.createdAt().toString());
        return new String(SensetimeJson.bytes(node), StandardCharsets.UTF_8);
    }

    private static Face toFace(String faceId, String json) {
        JsonNode e;
        try {
            e = SensetimeJson.STRICT.readTree(json);
        } catch (IOException ex) {
            throw new FaceException.Internal("unreadable SenseTime connector record of face " + faceId, ex);
        }
        JsonNode box = e.path("box");
        return new Face(faceId, e.path("face_id").asText(), e.path("tag").asText(),
                Optional.ofNullable(e.get("description")).map(JsonNode::asText),
                Optional.ofNullable(e.get("user_data")).map(JsonNode::asText), e.path("image_id").asText(""),
                new BoundingBox(box.path(0).asDouble(), box.path(1).asDouble(), box.path(2).asDouble(), box.path(3).asDouble()),
                Instant.parse(e.path("created_at").asText(Instant.EPOCH.toString())));
    }
}
