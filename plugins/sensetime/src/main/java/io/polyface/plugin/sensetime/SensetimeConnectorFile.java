package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Polyface knows about a face that a SenseTime faceset cannot hold, kept by the connector
 * beside SenseTime's {@code face_id}: the face's Polyface id (the caller's, else the face_id), tag,
 * description, user data, image id, box and time. SenseTime stays the truth for which faces a
 * faceset holds; the index only names them. In memory and, with the setting {@code index-file},
 * written to that file (atomically) after every change and read at start.
 *
 * <p>Thread-safe (every method synchronised).
 */
final class SensetimeConnectorIndex {
    /** A face of one faceset. */
    record Face(String faceId, String sensetimeId, String tag, Optional<String> description, Optional<String> userData,
            String imageId, BoundingBox box, Instant createdAt) {
    }

    private final Optional<Path> file;
    /** faceset name -> face id -> face. */
    private final Map<String, TreeMap<String, Face>> faces = new HashMap<>();

    SensetimeConnectorIndex(Optional<Path> file) {
        this.file = file;
        file.filter(Files::exists).ifPresent(this::load);
    }

    synchronized Optional<Face> face(String faceset, String faceId) {
        return Optional.ofNullable(faces.getOrDefault(faceset, new TreeMap<>()).get(faceId));
    }

    /** The faces of a faceset that name this SenseTime face_id. */
    synchronized List<Face> bySensetimeId(String faceset, String sensetimeId) {
        return faces.getOrDefault(faceset, new TreeMap<>()).values().stream().filter(f -> f.sensetimeId().equals(sensetimeId)).toList();
    }

    synchronized void put(String faceset, Face face) {
        faces.computeIfAbsent(faceset, n -> new TreeMap<>()).put(face.faceId(), face);
        save();
    }

    synchronized void remove(String faceset, String faceId) {
        TreeMap<String, Face> of = faces.get(faceset);
        if (of != null && of.remove(faceId) != null) {
            save();
        }
    }

    /** Forgets a faceset's faces. */
    synchronized void removeFaceset(String faceset) {
        if (faces.remove(faceset) != null) {
            save();
        }
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
                ObjectNode entry = node.putObject(id);
                entry.put("face_id", face.sensetimeId());
                entry.put("tag", face.tag());
                face.description().ifPresent(d -> entry.put("description", d));
                face.userData().ifPresent(u -> entry.put("user_data", u));
                entry.put("image_id", face.imageId());
                entry.putArray("box").add(face.box().x()).add(face.box().y()).add(face.box().width()).add(face.box().height());
                entry.put("created_at", face.createdAt().toString());
            });
        });
        Path target = file.get();
        try {
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(temporary, SensetimeJson.bytes(root));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FaceException.Internal("cannot write the SenseTime connector's index file", e);
        }
    }

    private void load(Path path) {
        try {
            JsonNode root = SensetimeJson.STRICT.readTree(Files.readAllBytes(path));
            for (Map.Entry<String, JsonNode> faceset : root.path("facesets").properties()) {
                TreeMap<String, Face> of = faces.computeIfAbsent(faceset.getKey(), n -> new TreeMap<>());
                for (Map.Entry<String, JsonNode> face : faceset.getValue().properties()) {
                    JsonNode e = face.getValue();
                    JsonNode box = e.path("box");
                    of.put(face.getKey(), new Face(face.getKey(), e.path("face_id").asText(), e.path("tag").asText(),
                            Optional.ofNullable(e.get("description")).map(JsonNode::asText),
                            Optional.ofNullable(e.get("user_data")).map(JsonNode::asText), e.path("image_id").asText(""),
                            new BoundingBox(box.path(0).asDouble(), box.path(1).asDouble(), box.path(2).asDouble(), box.path(3).asDouble()),
                            Instant.parse(e.path("created_at").asText(Instant.EPOCH.toString()))));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SenseTime connector's index file " + path + ": " + e.getMessage(), e);
        }
    }
}
