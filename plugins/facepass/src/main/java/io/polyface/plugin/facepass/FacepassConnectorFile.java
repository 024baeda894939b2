package io.polyface.plugin.facepass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.connector.IndexFiles;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import io.polyface.toolkit.connector.IndexedFaces;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connector's index in memory and, with the setting {@code index-file}, in that file (written
 * atomically after every change, read at start): for a gateway without a database, where one node
 * owns the file (see {@link FacepassConnectorIndex}).
 *
 * <p>Thread-safe (every method synchronised).
 */
final class FacepassConnectorFile implements FacepassConnectorIndex {
    private static final IndexedFaceJson FACE_JSON = new IndexedFaceJson("face_token");

    private final Optional<Path> file;
    private final Map<String, Group> groups = new HashMap<>();
    /** The faces by group name. */
    private final IndexedFaces faces = new IndexedFaces();

    FacepassConnectorFile(Optional<Path> file) {
        this.file = file;
        file.filter(Files::exists).ifPresent(this::load);
    }

    @Override
    public synchronized Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    @Override
    public synchronized void putGroup(String name, Map<String, String> attributes, Instant at) {
        Group before = groups.get(name);
        groups.put(name, new Group(Map.copyOf(attributes), before == null ? at : before.createdAt(), at,
                before == null ? 0 : before.version() + 1));
        save();
    }

    @Override
    public synchronized void removeGroup(String name) {
        groups.remove(name);
        faces.removeHolder(name);
        save();
    }

    @Override
    public synchronized void touch(String name, Instant at) {
        Group group = groups.get(name);
        if (group != null) {
            groups.put(name, new Group(group.attributes(), group.createdAt(), at, group.version() + 1));
            save();
        }
    }

    @Override
    public synchronized Optional<IndexedFace> face(String group, String faceId) {
        return faces.face(group, faceId);
    }

    @Override
    public synchronized Optional<IndexedFace> byToken(String group, String token) {
        return faces.byBackendId(group, token).stream().findFirst();
    }

    @Override
    public synchronized List<IndexedFace> faces(String group) {
        return faces.faces(group);
    }

    @Override
    public synchronized Map<String, List<IndexedFace>> byTokens(String group) {
        return faces.byBackendIds(group);
    }

    @Override
    public synchronized List<IndexedFace> allByToken(String group, String token) {
        return faces.byBackendId(group, token);
    }

    @Override
    public synchronized long bindings(String token) {
        return faces.bindings(token);
    }

    @Override
    public synchronized void putFace(String group, IndexedFace face) {
        faces.put(group, face);
        save();
    }

    @Override
    public synchronized void removeFace(String group, String faceId) {
        if (faces.remove(group, faceId)) {
            save();
        }
    }

    /** Every group, by name, for an import into the database. */
    synchronized Map<String, Group> groups() {
        return new TreeMap<>(groups);
    }

    /** Every face, by group, for an import into the database. */
    synchronized Map<String, List<IndexedFace>> facesByGroup() {
        return faces.byHolder();
    }

    // ---- the file ------------------------------------------------------------------------

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = Json.object();
        ObjectNode groupsNode = root.putObject("groups");
        new TreeMap<>(groups).forEach((name, group) -> group.write(groupsNode.putObject(name)));
        ObjectNode facesNode = root.putObject("faces");
        faces.byHolder().forEach((group, of) -> {
            ArrayNode list = facesNode.putArray(group);
            of.forEach(f -> FACE_JSON.write(f, list.addObject().put("face_id", f.faceId())));
        });
        try {
            IndexFiles.write(file.get(), Json.PLAIN.writeValueAsBytes(root), "the FacePass connector's index");
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("cannot write the FacePass connector's index " + file.get(), e);
        }
    }

    private void load(Path path) {
        JsonNode root;
        try {
            root = Json.PLAIN.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the FacePass connector's index " + path, e);
        }
        root.path("groups").properties().forEach(e -> groups.put(e.getKey(), Group.read(e.getValue())));
        root.path("faces").properties().forEach(e -> {
            for (JsonNode node : e.getValue()) {
                faces.load(e.getKey(), FACE_JSON.read(node.path("face_id").asText(), node));
            }
        });
    }
}
