package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values that name real objects on the gateway under test (a collection, a group, a face id), so
 * that valid requests reach the operations' work rather than their "not found". {@link FuzzSetup}
 * creates the objects and records their names here; fields without one are sampled from the
 * schema. Thread-safe.
 */
public final class Fixtures {
    /** The names the setup creates, before any id the gateway hands out. */
    public static final String DMAI_COLLECTION = "fz_col";
    public static final String DMAI_TARGET = "fz_target";
    public static final String FACEPASS_GROUP = "fzgroup";
    public static final String QINIU_FACE_GROUP = "fzfaces";
    public static final String QINIU_IMAGE_GROUP = "fzimages";
    public static final String QINIU_LEGACY_FACE_GROUP = "fzlegacyfaces";
    public static final String QINIU_LEGACY_IMAGE_GROUP = "fzlegacyimages";
    public static final String NATIVE_TENANT = "fuzz";
    public static final String NATIVE_COLLECTION = "fz_native";

    private final Map<DialectRules, Map<String, JsonNode>> values = new EnumMap<>(DialectRules.class);

    public Fixtures() {
        for (DialectRules dialect : DialectRules.values()) {
            values.put(dialect, new ConcurrentHashMap<>());
        }
        put(DialectRules.DMAI, "collection_name", DMAI_COLLECTION);
        put(DialectRules.DMAI, "target_id", DMAI_TARGET);
        put(DialectRules.FACEPASS, "group_name", FACEPASS_GROUP);
        put(DialectRules.QINIU, "target_group", QINIU_FACE_GROUP);
        put(DialectRules.QINIU, "cluster_group", QINIU_FACE_GROUP);
        put(DialectRules.NATIVE, "tenant", NATIVE_TENANT);
        put(DialectRules.NATIVE, "name", NATIVE_COLLECTION);
    }

    public void put(DialectRules dialect, String field, String value) {
        put(dialect, field, TextNode.valueOf(value));
    }

    public void put(DialectRules dialect, String field, JsonNode value) {
        synchronized (values) {
            values.get(dialect).put(field, value);
        }
    }

    /** The value recorded for a field of a dialect's requests, if any. */
    public Optional<JsonNode> value(DialectRules dialect, String field) {
        synchronized (values) {
            return Optional.ofNullable(values.get(dialect).get(field));
        }
    }

    /** The value of a path parameter: Qiniu's {@code {group}} names the group of the path's kind. */
    public Optional<String> pathValue(Operation operation, String parameter) {
        if (operation.dialect() == DialectRules.QINIU && parameter.equals("group")) {
            String path = operation.pathTemplate();
            if (path.startsWith("/v1/image/groups/")) {
                return Optional.of(QINIU_IMAGE_GROUP);
            }
            if (path.startsWith("/v1/face/groups/")) {
                return Optional.of(QINIU_FACE_GROUP);
            }
            if (path.startsWith("/v1/image/group/")) {
                return Optional.of(QINIU_LEGACY_IMAGE_GROUP);
            }
            if (path.startsWith("/v1/face/group/") && !path.contains("/feature")) {
                return Optional.of(QINIU_LEGACY_FACE_GROUP);
            }
            return Optional.of(QINIU_FACE_GROUP);
        }
        if (operation.dialect() == DialectRules.QINIU && parameter.equals("version")) {
            return Optional.of("v1");
        }
        return value(operation.dialect(), parameter).map(JsonNode::asText);
    }
}
