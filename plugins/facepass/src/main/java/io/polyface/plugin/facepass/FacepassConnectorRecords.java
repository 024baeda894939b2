package io.polyface.plugin.facepass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.ConnectorRecords;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import io.polyface.toolkit.connector.IndexedFaceRecords;
import io.polyface.toolkit.json.Json;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private static final String GROUPS = "groups";
    private static final System.Logger LOG = System.getLogger(FacepassConnectorRecords.class.getName());

    private final ConnectorRecords records;
    private final IndexedFaceRecords faces;

    FacepassConnectorRecords(RecordStore store, String tenant, String engineName) {
        this.records = new ConnectorRecords(store, tenant, "facepass", engineName);
        this.faces = IndexedFaceRecords.acrossHolders(records, new IndexedFaceJson("face_token"), "token");
    }

    /**
     * Copies an index file in, once per file: the database then holds what the file did. The file is
     * read only when it was not imported before.
     */
    void importOnce(Path path) {
        records.importOnce(path, () -> {
            FacepassConnectorFile file = new FacepassConnectorFile(Optional.of(path));
            Map<String, Group> groups = file.groups();
            groups.forEach((name, group) -> records.put(GROUPS, name, json(group)));
            int faces = ConnectorRecords.putAll(file.facesByGroup(), this::putFace);
            LOG.log(Level.INFO, "FacePass connector index {0} imported into the database: {1} groups, {2} faces",
                    path.toAbsolutePath(), groups.size(), faces);
        });
    }

    @Override
    public Optional<Group> group(String name) {
        return records.get(GROUPS, name).map(json -> Group.read(read(json)));
    }

    @Override
    public void putGroup(String name, Map<String, String> attributes, Instant at) {
        Optional<Group> before = group(name);
        records.put(GROUPS, name, json(new Group(Map.copyOf(attributes),
                before.map(Group::createdAt).orElse(at), at, before.map(g -> g.version() + 1).orElse(0L))));
    }

    @Override
    public void removeGroup(String name) {
        faces.removeHolder(name);
        records.delete(GROUPS, name);
    }

    @Override
    public void touch(String name, Instant at) {
        group(name).ifPresent(g -> records.put(GROUPS, name,
                json(new Group(g.attributes(), g.createdAt(), at, g.version() + 1))));
    }

    @Override
    public Optional<IndexedFace> face(String group, String faceId) {
        return faces.face(group, faceId);
    }

    @Override
    public Optional<IndexedFace> byToken(String group, String token) {
        return allByToken(group, token).stream().findFirst();
    }

    @Override
    public List<IndexedFace> faces(String group) {
        return faces.faces(group);
    }

    @Override
    public Map<String, List<IndexedFace>> byTokens(String group) {
        return faces.byBackendIds(group);
    }

    @Override
    public List<IndexedFace> allByToken(String group, String token) {
        return faces.byBackendId(group, token);
    }

    @Override
    public long bindings(String token) {
        return faces.bindings(token);
    }

    @Override
    public void putFace(String group, IndexedFace face) {
        faces.put(group, face);
    }

    @Override
    public void removeFace(String group, String faceId) {
        faces.remove(group, faceId);
    }

    // ---- group records -----------------------------------------------------------------------

    private static String json(Group group) {
        try {
            return Json.PLAIN.writeValueAsString(group.write(Json.object()));
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("cannot write a FacePass connector record", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.PLAIN.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("unreadable FacePass connector record: " + e.getOriginalMessage(), e);
        }
    }
}
