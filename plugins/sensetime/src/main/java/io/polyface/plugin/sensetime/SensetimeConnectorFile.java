package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.connector.IndexFiles;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connector's index in memory and, with the setting {@code index-file}, in that file (written
 * atomically after every change, read at start): for a gateway without a database, where one node
 * owns the file (see {@link SensetimeConnectorIndex}).
 *
 * <p>Thread-safe (every method synchronised).
 */
final class SensetimeConnectorFile implements SensetimeConnectorIndex {
    private static final IndexedFaceJson FACE_JSON = new IndexedFaceJson("face_id");

    private final Optional<Path> file;
    /** faceset name -> face id -> face. */
    private final Map<String, TreeMap<String, IndexedFace>> faces = new HashMap<>();

    SensetimeConnectorFile(Optional<Path> file) {
        this.file = file;
        file.filter(Files::exists).ifPresent(this::load);
    }

    @Override
    public synchronized Optional<IndexedFace> face(String faceset, String faceId) {
        return Optional.ofNullable(faces.getOrDefault(faceset, new TreeMap<>()).get(faceId));
    }

    /** The faces of a faceset that name this SenseTime face_id. */
    @Override
    public synchronized List<IndexedFace> bySensetimeId(String faceset, String sensetimeId) {
        return faces.getOrDefault(faceset, new TreeMap<>()).values().stream().filter(f -> f.backendId().equals(sensetimeId)).toList();
    }

    @Override
    public synchronized void put(String faceset, IndexedFace face) {
        faces.computeIfAbsent(faceset, n -> new TreeMap<>()).put(face.faceId(), face);
        save();
    }

    @Override
    public synchronized void remove(String faceset, String faceId) {
        TreeMap<String, IndexedFace> of = faces.get(faceset);
        if (of != null && of.remove(faceId) != null) {
            save();
        }
    }

    /** Forgets a faceset's faces. */
    @Override
    public synchronized void removeFaceset(String faceset) {
        if (faces.remove(faceset) != null) {
            save();
        }
    }

    @Override
    public synchronized Map<String, List<IndexedFace>> bySensetimeIds(String faceset) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        faces.getOrDefault(faceset, new TreeMap<>()).values()
                .forEach(f -> byId.computeIfAbsent(f.backendId(), i -> new ArrayList<>()).add(f));
        return byId;
    }

    /** Every face, by faceset, for an import into the database. */
    synchronized Map<String, List<IndexedFace>> facesByFaceset() {
        Map<String, List<IndexedFace>> all = new TreeMap<>();
        faces.forEach((faceset, of) -> all.put(faceset, new ArrayList<>(of.values())));
        return all;
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = SensetimeJson.object();
        ObjectNode facesets = root.putObject("facesets");
        new TreeMap<>(faces).forEach((name, of) -> {
            ObjectNode node = facesets.putObject(name);
            of.forEach((id, face) -> {
                FACE_JSON.write(face, node.putObject(id));
            });
        });
        IndexFiles.write(file.get(), SensetimeJson.bytes(root), "the SenseTime connector's index file");
    }

    private void load(Path path) {
        try {
            JsonNode root = SensetimeJson.STRICT.readTree(Files.readAllBytes(path));
            for (Map.Entry<String, JsonNode> faceset : root.path("facesets").properties()) {
                TreeMap<String, IndexedFace> of = faces.computeIfAbsent(faceset.getKey(), n -> new TreeMap<>());
                for (Map.Entry<String, JsonNode> face : faceset.getValue().properties()) {
                    of.put(face.getKey(), FACE_JSON.read(face.getKey(), face.getValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SenseTime connector's index file " + path + ": " + e.getMessage(), e);
        }
    }
}
