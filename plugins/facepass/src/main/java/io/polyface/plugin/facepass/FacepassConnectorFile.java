package io.polyface.plugin.facepass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.connector.IndexFiles;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    /** group name -> face id -> face, ordered by face id for stable listing. */
    private final Map<String, TreeMap<String, IndexedFace>> faces = new HashMap<>();

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

    /** Forgets a group and its faces. */
    @Override
    public synchronized void removeGroup(String name) {
        groups.remove(name);
        faces.remove(name);
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
        return Optional.ofNullable(faces.getOrDefault(group, new TreeMap<>()).get(faceId));
    }

    @Override
    public synchronized Optional<IndexedFace> byToken(String group, String token) {
        return faces.getOrDefault(group, new TreeMap<>()).values().stream().filter(f -> f.backendId().equals(token)).findFirst();
    }

    /** The faces of a group, by face id. */
    @Override
    public synchronized List<IndexedFace> faces(String group) {
        return new ArrayList<>(faces.getOrDefault(group, new TreeMap<>()).values());
    }

    @Override
    public synchronized Map<String, List<IndexedFace>> byTokens(String group) {
        Map<String, List<IndexedFace>> byToken = new HashMap<>();
        faces.getOrDefault(group, new TreeMap<>()).values()
                .forEach(f -> byToken.computeIfAbsent(f.backendId(), t -> new ArrayList<>()).add(f));
        return byToken;
    }

    /** The faces of a group that name this token (copies within one group share their token). */
    @Override
    public synchronized List<IndexedFace> allByToken(String group, String token) {
        return faces.getOrDefault(group, new TreeMap<>()).values().stream().filter(f -> f.backendId().equals(token)).toList();
    }

    /** How many faces name this token, in every group (a token bound to several groups is a copy). */
    @Override
    public synchronized long bindings(String token) {
        return faces.values().stream().flatMap(m -> m.values().stream()).filter(f -> f.backendId().equals(token)).count();
    }

    @Override
    public synchronized void putFace(String group, IndexedFace face) {
        faces.computeIfAbsent(group, g -> new TreeMap<>()).put(face.faceId(), face);
        save();
    }

    @Override
    public synchronized void removeFace(String group, String faceId) {
        TreeMap<String, IndexedFace> of = faces.get(group);
        if (of != null && of.remove(faceId) != null) {
            save();
        }
    }

    /** Every group, by name, for an import into the database. */
    synchronized Map<String, Group> groups() {
        return new TreeMap<>(groups);
    }

    /** Every face, by group, for an import into the database. */
    synchronized Map<String, List<IndexedFace>> facesByGroup() {
        Map<String, List<IndexedFace>> all = new TreeMap<>();
        faces.forEach((group, of) -> all.put(group, new ArrayList<>(of.values())));
        return all;
    }

    // ---- the file ------------------------------------------------------------------------

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = FacepassEnvelope.object();
        ObjectNode groupsNode = root.putObject("groups");
        groups.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode node = groupsNode.putObject(e.getKey());
            ObjectNode attributes = node.putObject("attributes");
            new TreeMap<>(e.getValue().attributes()).forEach(attributes::put);
            node.put("created_at", e.getValue().createdAt().toString());
            node.put("updated_at", e.getValue().updatedAt().toString());
            node.put("version", e.getValue().version());
        });
        ObjectNode facesNode = root.putObject("faces");
        faces.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ArrayNode list = facesNode.putArray(e.getKey());
            e.getValue().values().stream().sorted(Comparator.comparing(IndexedFace::faceId)).forEach(f -> {
                ObjectNode node = list.addObject();
                node.put("face_id", f.faceId());
                FACE_JSON.write(f, node);
            });
        });
        try {
            IndexFiles.write(file.get(), FacepassEnvelope.JSON.writeValueAsBytes(root), "the FacePass connector's index");
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("cannot write the FacePass connector's index " + file.get(), e);
        }
    }

    private void load(Path path) {
        JsonNode root;
        try {
            root = FacepassEnvelope.JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the FacePass connector's index " + path, e);
        }
        root.path("groups").properties().forEach(e -> {
            Map<String, String> attributes = new HashMap<>();
            e.getValue().path("attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
            groups.put(e.getKey(), new Group(Map.copyOf(attributes), Instant.parse(e.getValue().path("created_at").asText()),
                    Instant.parse(e.getValue().path("updated_at").asText()), e.getValue().path("version").asLong()));
        });
        root.path("faces").properties().forEach(e -> {
            TreeMap<String, IndexedFace> of = new TreeMap<>();
            for (JsonNode node : e.getValue()) {
                of.put(node.path("face_id").asText(), FACE_JSON.read(node.path("face_id").asText(), node));
            }
            faces.put(e.getKey(), of);
        });
    }
}
