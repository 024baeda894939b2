package io.polyface.plugin.facepass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.IndexedFace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Polyface knows about a face or a group that FacePass's API cannot hold, kept by the
 * connector: a face's Polyface id, tag, description and user data beside its face_token, and a
 * group's attributes and creation time. FacePass stays the truth for which faces exist and which
 * groups they are bound to; this index only names them.
 *
 * <p>Kept in the gateway's database when it has one ({@link FacepassConnectorRecords}), so any
 * gateway node can serve the engine; else in memory and, with {@code index-file}, in that file,
 * which one node must own ({@link FacepassConnectorFile}).
 *
 * <p>Thread-safe.
 */
sealed interface FacepassConnectorIndex permits FacepassConnectorFile, FacepassConnectorRecords {

    /** A group created through the connector. */
    record Group(Map<String, String> attributes, Instant createdAt, Instant updatedAt, long version) {

        /** The group as a JSON object of an index file or a database record: fields into {@code node}, returned. */
        ObjectNode write(ObjectNode node) {
            ObjectNode attributesNode = node.putObject("attributes");
            new TreeMap<>(attributes).forEach(attributesNode::put);
            node.put("created_at", createdAt.toString());
            node.put("updated_at", updatedAt.toString());
            node.put("version", version);
            return node;
        }

        /** The group {@link #write} wrote. */
        static Group read(JsonNode node) {
            Map<String, String> attributes = new HashMap<>();
            node.path("attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
            return new Group(Map.copyOf(attributes), Instant.parse(node.path("created_at").asText()),
                    Instant.parse(node.path("updated_at").asText()), node.path("version").asLong());
        }
    }

    /**
     * The index the connector's context calls for: in the gateway's database when there is one (a
     * file named by {@code index-file} is imported into it once, while it holds nothing for this
     * engine), else the file or memory.
     */
    static FacepassConnectorIndex of(ConnectorContext context, String tenant, Optional<Path> file) {
        if (context.records().isEmpty()) {
            return new FacepassConnectorFile(file);
        }
        FacepassConnectorRecords records = new FacepassConnectorRecords(context.records().get(), tenant, context.engineName());
        file.filter(Files::exists).ifPresent(records::importOnce);
        return records;
    }

    Optional<Group> group(String name);

    void putGroup(String name, Map<String, String> attributes, Instant at);

    /** Forgets a group and its faces. */
    void removeGroup(String name);

    void touch(String name, Instant at);

    Optional<IndexedFace> face(String group, String faceId);

    Optional<IndexedFace> byToken(String group, String token);

    /** The faces of a group, by face id. */
    List<IndexedFace> faces(String group);

    /** The faces of a group by the token they name, read at once (a listing names every token). */
    Map<String, List<IndexedFace>> byTokens(String group);

    /** The faces of a group that name this token (copies within one group share their token). */
    List<IndexedFace> allByToken(String group, String token);

    /** How many faces name this token, in every group (a token bound to several groups is a copy). */
    long bindings(String token);

    void putFace(String group, IndexedFace face);

    void removeFace(String group, String faceId);
}
