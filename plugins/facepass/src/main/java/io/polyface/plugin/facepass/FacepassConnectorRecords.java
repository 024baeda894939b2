package io.polyface.plugin.facepass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.ConnectorRecords;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connector's index in the gateway's database (see {@link FacepassConnectorIndex}), as records
 * of the connector's tenant, so that every gateway node reads and writes the same:
 *
 * <ul>
 *   <li>kind {@code facepass-connector/<engine>/groups}: a group's attributes, times and version, by name;
 *   <li>kind {@code facepass-connector/<engine>/faces/<group>}: a face, by face id;
 *   <li>kind {@code facepass-connector/<engine>/token/<face_token>}: one record per face naming the
 *       token, keyed {@code <group>/<face id>}, so that a token's faces in every group are found
 *       without reading every group.
 * </ul>
 *
 * A face is written after its token record and removed before it: a crash in between leaves a
 * token counted once too often (FacePass then keeps a face no group names), never one deleted while
 * a face names it. Nothing is cached: a change through one node is seen by the next call of any.
 *
 * <p>Thread-safe: it holds no state. Two nodes changing one group's record at once keep the last write.
 */
final class FacepassConnectorRecords implements FacepassConnectorIndex {

    private static final IndexedFaceJson FACE_JSON = new IndexedFaceJson("face_token");
    private static final System.Logger LOG = System.getLogger(FacepassConnectorRecords.class.getName());

    private final ConnectorRecords records;

    FacepassConnectorRecords(RecordStore store, String tenant, String engineName) {
        this.records = new ConnectorRecords(store, tenant, "facepass", engineName);
    }

    /** Copies an index file in, once per file: the database then holds what the file did. */
    void importOnce(FacepassConnectorFile file, Path path) {
        records.importOnce(path, () -> {
            file.groups().forEach((name, group) -> records.put(groupsKind(), name, json(group)));
            int faces = ConnectorRecords.putAll(file.facesByGroup(), this::putFace);
            LOG.log(Level.INFO, "FacePass connector index {0} imported into the database: {1} groups, {2} faces",
                    path.toAbsolutePath(), file.groups().size(), faces);
        });
    }

    @Override
    public Optional<Group> group(String name) {
        return records.get(groupsKind(), name).map(FacepassConnectorRecords::toGroup);
    }

    @Override
    public void putGroup(String name, Map<String, String> attributes, Instant at) {
        Optional<Group> before = group(name);
        records.put(groupsKind(), name, json(new Group(Map.copyOf(attributes),
                before.map(Group::createdAt).orElse(at), at, before.map(g -> g.version() + 1).orElse(0L))));
    }

    @Override
    public void removeGroup(String name) {
        for (IndexedFace face : faces(name)) {
            removeFace(name, face.faceId());
        }
        records.delete(groupsKind(), name);
    }

    @Override
    public void touch(String name, Instant at) {
        group(name).ifPresent(g -> records.put(groupsKind(), name,
                json(new Group(g.attributes(), g.createdAt(), at, g.version() + 1))));
    }

    @Override
    public Optional<IndexedFace> face(String group, String faceId) {
        return records.get(facesKind(group), faceId).map(json -> toFace(faceId, json));
    }

    @Override
    public Optional<IndexedFace> byToken(String group, String token) {
        return allByToken(group, token).stream().findFirst();
    }

    @Override
    public List<IndexedFace> faces(String group) {
        List<IndexedFace> faces = new ArrayList<>();
        records.all(facesKind(group)).forEach((faceId, json) -> faces.add(toFace(faceId, json)));
        return faces;
    }

    @Override
    public Map<String, List<IndexedFace>> byTokens(String group) {
        Map<String, List<IndexedFace>> byToken = new HashMap<>();
        faces(group).forEach(f -> byToken.computeIfAbsent(f.backendId(), t -> new ArrayList<>()).add(f));
        return byToken;
    }

    @Override
    public List<IndexedFace> allByToken(String group, String token) {
        List<IndexedFace> named = new ArrayList<>();
        for (String key : records.all(tokenKind(token)).keySet()) {
            if (key.startsWith(group + "/")) {
                face(group, key.substring(group.length() + 1)).filter(f -> f.backendId().equals(token)).ifPresent(named::add);
            }
        }
        named.sort(Comparator.comparing(IndexedFace::faceId));
        return named;
    }

    @Override
    public long bindings(String token) {
        return records.all(tokenKind(token)).size();
    }

    @Override
    public void putFace(String group, IndexedFace face) {
        Optional<IndexedFace> before = face(group, face.faceId());
        records.put(tokenKind(face.backendId()), group + "/" + face.faceId(), "{}");
        records.put(facesKind(group), face.faceId(), json(face));
        before.filter(b -> !b.backendId().equals(face.backendId()))
                .ifPresent(b -> records.delete(tokenKind(b.backendId()), group + "/" + face.faceId()));
    }

    @Override
    public void removeFace(String group, String faceId) {
        Optional<IndexedFace> before = face(group, faceId);
        if (before.isPresent()) {
            records.delete(facesKind(group), faceId);
            records.delete(tokenKind(before.get().backendId()), group + "/" + faceId);
        }
    }

    // ---- records ---------------------------------------------------------------------------

    private String groupsKind() {
        return "groups";
    }

    private String facesKind(String group) {
        return "faces/" + group;
    }

    private String tokenKind(String token) {
        return "token/" + token;
    }

    private static String json(Group group) {
        ObjectNode node = FacepassEnvelope.object();
        ObjectNode attributes = node.putObject("attributes");
        new TreeMap<>(group.attributes()).forEach(attributes::put);
        node.put("created_at", group.createdAt().toString());
        node.put("updated_at", group.updatedAt().toString());
        node.put("version", group.version());
        return write(node);
    }

    private static Group toGroup(String json) {
        JsonNode node = read(json);
        Map<String, String> attributes = new HashMap<>();
        node.path("attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
        return new Group(Map.copyOf(attributes), Instant.parse(node.path("created_at").asText()),
                Instant.parse(node.path("updated_at").asText()), node.path("version").asLong());
    }

    private static String json(IndexedFace face) {
        ObjectNode node = FacepassEnvelope.object();
        node.put("face_id", face.faceId());
        return write(FACE_JSON.write(face, node));
    }

    private static IndexedFace toFace(String faceId, String json) {
        return FACE_JSON.read(faceId, read(json));
    }


    private static String write(JsonNode node) {
        try {
            return FacepassEnvelope.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("cannot write a FacePass connector record", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return FacepassEnvelope.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("unreadable FacePass connector record: " + e.getOriginalMessage(), e);
        }
    }
}
