package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.connector.IndexFiles;
import io.polyface.toolkit.connector.IndexedFace;
import io.polyface.toolkit.connector.IndexedFaces;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector's index in memory and, with the setting {@code index-file}, in that file (written
 * atomically after every change, read at start): for a gateway without a database, where one node
 * owns the file (see {@link SensetimeConnectorIndex}). The file holds {@code facesets}, each an
 * object of its faces by face id.
 */
final class SensetimeConnectorFile {
    private SensetimeConnectorFile() {
    }

    /** The index the file holds (none when it does not exist yet), written back after every change. */
    static IndexedFaces open(Optional<Path> file) {
        if (file.isEmpty()) {
            return new IndexedFaces();
        }
        IndexedFaces faces = new IndexedFaces(all -> save(file.get(), all));
        if (Files.exists(file.get())) {
            load(file.get(), faces);
        }
        return faces;
    }

    private static void save(Path path, Map<String, List<IndexedFace>> facesByFaceset) {
        ObjectNode root = Json.object();
        ObjectNode facesets = root.putObject("facesets");
        facesByFaceset.forEach((name, faces) -> {
            ObjectNode node = facesets.putObject(name);
            faces.forEach(face -> SensetimeConnectorIndex.FACE_JSON.write(face, node.putObject(face.faceId())));
        });
        IndexFiles.write(path, SensetimeJson.bytes(root), "the SenseTime connector's index file");
    }

    private static void load(Path path, IndexedFaces faces) {
        try {
            JsonNode root = Json.STRICT.readTree(Files.readAllBytes(path));
            for (Map.Entry<String, JsonNode> faceset : root.path("facesets").properties()) {
                for (Map.Entry<String, JsonNode> face : faceset.getValue().properties()) {
                    faces.load(faceset.getKey(), SensetimeConnectorIndex.FACE_JSON.read(face.getKey(), face.getValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SenseTime connector's index file " + path + ": " + e.getMessage(), e);
        }
    }
}
