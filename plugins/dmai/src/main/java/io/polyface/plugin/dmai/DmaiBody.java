package io.polyface.plugin.dmai;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DM-AI request body, read strictly: every field of the wrong type is an {@link
 * FaceException.InvalidArgument} naming the field, never a parser stack trace.
 */
final class DmaiBody {
    /**
     * Collection names follow the vector-database rule the engine is built on: a letter or
     * underscore first, then letters, digits and underscores, at most 255 characters.
     */
    static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (DmaiLimits.COLLECTION_NAME_CHARS - 1) + "}");

    static final String COLLECTION_FIELD = "collection_name";

    private final JsonNode root;

    private DmaiBody(JsonNode root) {
        this.root = root;
    }

    static DmaiBody parse(byte[] body) {
        if (body.length == 0) {
            throw new FaceException.InvalidArgument("body", "request body is empty; a JSON object is expected");
        }
        JsonNode root;
        try {
            root = Json.STRICT.readTree(body);
        } catch (java.io.IOException e) {
            throw new FaceException.InvalidArgument("body", "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FaceException.InvalidArgument("body", "request body must be a JSON object");
        }
        return new DmaiBody(root);
    }

    /** The {@code collection_name} string, checked against {@link #COLLECTION_NAME}. */
    String collectionName() {
        JsonNode node = root.get(COLLECTION_FIELD);
        if (node == null || !node.isTextual() || !COLLECTION_NAME.matcher(node.textValue()).matches()) {
            throw new FaceException.InvalidArgument(COLLECTION_FIELD, describeBadName(node));
        }
        return node.textValue();
    }

    /** {@code collection_name} as a list of names (a single string is taken as a list of one). */
    List<String> collectionNames() {
        JsonNode node = root.get(COLLECTION_FIELD);
        if (node != null && node.isTextual()) {
            return List.of(collectionName());
        }
        if (node == null || !node.isArray()) {
            throw new FaceException.InvalidArgument(COLLECTION_FIELD, "collection_name must be a list of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !COLLECTION_NAME.matcher(item.textValue()).matches()) {
                throw new FaceException.InvalidArgument(COLLECTION_FIELD, describeBadName(item));
            }
            names.add(item.textValue());
        }
        return names;
    }

    String string(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new FaceException.InvalidArgument(field, field + " is required");
        }
        if (!node.isTextual()) {
            throw new FaceException.InvalidArgument(field, field + " must be a string");
        }
        return node.textValue();
    }

    /** A required list whose items are returned as they are, for per-item checks. */
    List<JsonNode> list(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new FaceException.InvalidArgument(field, field + " is required");
        }
        if (!node.isArray()) {
            throw new FaceException.InvalidArgument(field, field + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    Optional<JsonNode> field(String field) {
        return Optional.ofNullable(root.get(field)).filter(n -> !n.isNull());
    }

    /** A required whole number within bounds. */
    int integer(String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new FaceException.InvalidArgument(field, field + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new FaceException.InvalidArgument(field, field + " must be a whole number");
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new FaceException.InvalidArgument(field, field + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static String describeBadName(JsonNode node) {
        if (node == null || node.isNull()) {
            return "collection_name is required";
        }
        if (!node.isTextual()) {
            return "collection_name must be a string";
        }
        return "collection_name must start with a letter or underscore and hold only letters, digits and"
                + " underscores, at most 255 characters";
    }
}
