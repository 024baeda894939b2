package io.polyface.plugin.facepass;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.IndexedFace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        file.filter(Files::exists).ifPresent(f -> records.importOnce(new FacepassConnectorFile(Optional.of(f)), f));
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
