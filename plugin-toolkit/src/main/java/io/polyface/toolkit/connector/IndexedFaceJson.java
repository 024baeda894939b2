package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.BoundingBox;
import java.time.Instant;
import java.util.Optional;

/**
 * An {@link IndexedFace} as a JSON object in a connector's index file or database record: the
 * vendor's id under the vendor's own field name, {@code tag}, {@code description}, {@code
 * user_data}, {@code image_id}, {@code box} ({@code [x, y, width, height]}) and {@code created_at}.
 * The face's own id is the caller's to keep (a key, or a field it writes first).
 */
public final class IndexedFaceJson {
    private final String backendIdField;

    /** @param backendIdField the field of the vendor's id ("face_token") */
    public IndexedFaceJson(String backendIdField) {
        this.backendIdField = requireNonNull(backendIdField, "backendIdField is null");
    }

    /** Writes every field but the face id into {@code node}; returns it. */
    public ObjectNode write(IndexedFace face, ObjectNode node) {
        node.put(backendIdField, face.backendId());
        node.put("tag", face.tag());
        face.description().ifPresent(d -> node.put("description", d));
        face.userData().ifPresent(u -> node.put("user_data", u));
        node.put("image_id", face.imageId());
        ArrayNode box = node.putArray("box");
        box.add(face.box().x()).add(face.box().y()).add(face.box().width()).add(face.box().height());
        node.put("created_at", face.createdAt().toString());
        return node;
    }

    /** The face {@link #write} wrote, with its id; a missing time reads as the epoch. */
    public IndexedFace read(String faceId, JsonNode node) {
        JsonNode box = node.path("box");
        return new IndexedFace(faceId, node.path(backendIdField).asText(), node.path("tag").asText(), text(node, "description"),
                text(node, "user_data"), node.path("image_id").asText(""),
                new BoundingBox(box.path(0).asDouble(), box.path(1).asDouble(), box.path(2).asDouble(), box.path(3).asDouble()),
                Instant.parse(node.path("created_at").asText(Instant.EPOCH.toString())));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
}
