package io.polyface.plugin.facepass;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON request body or object, read strictly: a body that is not a JSON object is
 * ILLEGAL_JSON_BODY, a missing field MISSING_ARGUMENT and a field of the wrong type or shape
 * ILLEGAL_ARGUMENT, each naming the field.
 */
final class FacepassJson {
    /** The document's rule for group names (one of its copies also allows '-'; the others do not). */
    static final Pattern GROUP_NAME = Pattern.compile("[a-zA-Z0-9_]{4," + FacepassLimits.GROUP_NAME_CHARS + "}");

    private final JsonNode node;

    private FacepassJson(JsonNode node) {
        this.node = node;
    }

    static FacepassJson parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.STRICT.readTree(body);
        } catch (IOException e) {
            throw FacepassFailure.badBody();
        }
        if (root == null || !root.isObject()) {
            throw FacepassFailure.badBody();
        }
        return new FacepassJson(root);
    }

    static FacepassJson of(JsonNode object) {
        return new FacepassJson(object);
    }

    Optional<JsonNode> field(String name) {
        return Optional.ofNullable(node.get(name)).filter(n -> !n.isNull());
    }

    JsonNode required(String name) {
        return field(name).orElseThrow(() -> FacepassFailure.missing(name));
    }

    String string(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw FacepassFailure.illegal(name);
        }
        return value.textValue();
    }

    String groupName(String name) {
        String value = string(name);
        if (!GROUP_NAME.matcher(value).matches()) {
            throw FacepassFailure.illegal(name);
        }
        return value;
    }

    String id(String name, FacepassIds kind) {
        String value = string(name);
        if (!kind.isWellFormed(value)) {
            throw FacepassFailure.illegal(name);
        }
        return value;
    }

    /** A whole number; absent gives empty. */
    Optional<Long> optionalLong(String name) {
        Optional<JsonNode> value = field(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().isIntegralNumber() || !value.get().canConvertToLong()) {
            throw FacepassFailure.illegal(name);
        }
        return Optional.of(value.get().longValue());
    }

    long requiredLong(String name) {
        required(name);
        return optionalLong(name).orElseThrow();
    }
}
