package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.connector.IndexFiles;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaceJson;
import io.polyface.toolkit.connector.IndexedFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    /** The faces by faceset name. */
    private final IndexedFaces faces = new IndexedFaces();

    SensetimeConnectorFile(Optional<Path> file) {
        this.file = file;
        file.filter(Files::exists).ifPresent(this::load);
    }

    @Override
    public synchronized Optional<IndexedFace> face(String faceset, String faceId) {
        return faces.face(faceset, faceId);
    }

    @Override
    public synchronized List<IndexedFace> bySensetimeId(String faceset, String sensetimeId) {
        return faces.byBackendId(faceset, sensetimeId);
    }

    @Override
    public synchronized Map<String, List<IndexedFace>> bySensetimeIds(String faceset) {
        return faces.byBackendIds(faceset);
    }

    @Override
    public synchronized void put(String faceset, IndexedFace face) {
        faces.put(faceset, face);
        save();
    }

    @Override
    public synchronized void remove(String faceset, String faceId) {
        if (faces.remove(faceset, faceId)) {
            save();
        }
    }

    @Override
    public synchronized void removeFaceset(String faceset) {
        if (faces.removeHolder(faceset)) {
            save();
        }
    }

    /** Every face, by faceset, for an import into the database. */
    synchronized Map<String, List<IndexedFace>> facesByFaceset() {
        return faces.byHolder();
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = SensetimeJson.object();
        ObjectNode facesets = root.putObject("facesets");
        faces.byHolder().forEach((name, of) -> {
            ObjectNode node = facesets.putObject(name);
            of.forEach(face -> FACE_JSON.write(face, node.putObject(face.faceId())));
        });
        IndexFiles.write(file.get(), SensetimeJson.bytes(root), "the SenseTime connector's index file");
    }

    private void load(Path path) {
        try {
            JsonNode root = SensetimeJson.STRICT.readTree(Files.readAllBytes(path));
            for (Map.Entry<String, JsonNode> faceset : root.path("facesets").properties()) {
                for (Map.Entry<String, JsonNode> face : faceset.getValue().properties()) {
                    faces.put(faceset.getKey(), FACE_JSON.read(face.getKey(), face.getValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SenseTime connector's index file " + path + ": " + e.getMessage(), e);
        }
    }
}
