package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A JSON object of a Qiniu request (the body, or an object inside it), read strictly: a field of
 * the wrong type or out of range is an {@link FaceException.InvalidArgument} naming the field by
 * its dotted path ({@code image.uri}), never a parser stack trace.
 */
final class QiniuBody {
    private final JsonNode node;
    private final String path;

    private QiniuBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body; an empty body reads as an empty object when {@code emptyAllowed}. */
    static QiniuBody parse(byte[] body, boolean emptyAllowed) {
        if (body.length == 0 || isBlank(body)) {
            if (emptyAllowed) {
                return new QiniuBody(Json.object(), "");
            }
            throw new FaceException.InvalidArgument("body", "request body is empty; a JSON object is expected");
        }
        JsonNode root;
        try {
            root = Json.STRICT.readTree(body);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "request body is not valid JSON");
        }
        if ((root == null || root.isNull()) && emptyAllowed) {
            return new QiniuBody(Json.object(), ""); // Go decodes null into a struct as nothing
        }
        if (root == null || !root.isObject()) {
            throw new FaceException.InvalidArgument("body", "request body must be a JSON object");
        }
        return new QiniuBody(root, "");
    }

    /** An object already read (the older API generation reads its bodies itself: {@link QiniuLegacyBody}). */
    static QiniuBody of(ObjectNode root) {
        return new QiniuBody(root, "");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private Optional<JsonNode> present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** A nested object; absent reads as an empty one unless {@code required}. */
    QiniuBody object(String field, boolean required) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            if (required) {
                throw new FaceException.InvalidArgument(name(field), name(field) + " is required");
            }
            return new QiniuBody(Json.object(), name(field));
        }
        if (!value.get().isObject()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be an object");
        }
        return new QiniuBody(value.get(), name(field));
    }

    boolean has(String field) {
        return present(field).isPresent();
    }

    Optional<String> optionalString(String field) {
        Optional<JsonNode> value = present(field);
        if (value.isPresent() && !value.get().isTextual()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a string");
        }
        return value.map(JsonNode::textValue);
    }

    /** Any JSON value, as given (Qiniu's {@code desc}: boolean, number, string, array or map). */
    Optional<JsonNode> value(String field) {
        return present(field);
    }

    JsonNode raw(String field) {
        return Optional.ofNullable(node.get(field)).orElse(MissingNode.getInstance());
    }

    boolean bool(String field, boolean fallback) {
        return optional(field, fallback, JsonNode::isBoolean, "must be true or false", JsonNode::booleanValue);
    }

    int integer(String field, int min, int max, int fallback) {
        return optional(field, fallback, n -> isWhole(n) && n.doubleValue() >= min && n.doubleValue() <= max,
                "must be a whole number from " + min + " to " + max, JsonNode::intValue);
    }

    double fraction(String field, double fallback) {
        return optional(field, fallback, n -> n.isNumber() && n.doubleValue() >= 0 && n.doubleValue() <= 1,
                "must be a number from 0 to 1", JsonNode::doubleValue);
    }

    /**
     * A whole number as Qiniu's server reads it (Go's {@code int}): absent or null is {@code
     * fallback}, a whole number of any size or sign is itself (range checks are the route's), and
     * anything else is a bad request.
     */
    long wholeNumber(String field, long fallback) {
        return optional(field, fallback, n -> isWhole(n) && n.canConvertToLong(), "must be a whole number", JsonNode::longValue);
    }

    /** Any number (Go's {@code float32}): absent or null is {@code fallback}; range checks are the route's. */
    double number(String field, double fallback) {
        return optional(field, fallback, JsonNode::isNumber, "must be a number", JsonNode::doubleValue);
    }

    /** An array of strings; absent or null reads as none, as Go decodes it. */
    List<String> optionalStrings(String field, int maxItems) {
        return has(field) ? strings(field, maxItems) : List.of();
    }

    /** An array of objects; absent or null reads as none, as Go decodes it. */
    List<QiniuBody> optionalObjects(String field, int maxItems) {
        return has(field) ? objects(field, maxItems) : List.of();
    }

    /** A required array whose items are all strings. */
    List<String> strings(String field, int maxItems) {
        List<String> strings = new ArrayList<>();
        array(field, maxItems, JsonNode::isTextual, "must be an array of strings").forEach(item -> strings.add(item.textValue()));
        return strings;
    }

    /** A required array whose items are objects. */
    List<QiniuBody> objects(String field, int maxItems) {
        List<JsonNode> items = array(field, maxItems, JsonNode::isObject, "must be an array of objects");
        List<QiniuBody> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            objects.add(new QiniuBody(items.get(i), name(field) + "[" + i + "]"));
        }
        return objects;
    }

    /** 5.0 is a whole number as JSON writes it; 5.5 and "5" are not. */
    private static boolean isWhole(JsonNode n) {
        return n.isNumber() && (n.isIntegralNumber() || n.doubleValue() == Math.rint(n.doubleValue()));
    }

    /** A field that {@code valid} accepts, read by {@code read}; absent or null is {@code fallback}. */
    private <T> T optional(String field, T fallback, Predicate<JsonNode> valid, String must, Function<JsonNode, T> read) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!valid.test(value.get())) {
            throw invalid(field, must);
        }
        return read.apply(value.get());
    }

    /** A required array of at most {@code maxItems} items, each of which {@code valid} accepts. */
    private List<JsonNode> array(String field, int maxItems, Predicate<JsonNode> valid, String must) {
        JsonNode n = present(field).orElseThrow(() -> invalid(field, "is required"));
        if (!n.isArray()) {
            throw invalid(field, must);
        }
        if (n.size() > maxItems) {
            throw invalid(field, "holds at most " + maxItems + " items");
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : n) {
            if (!valid.test(item)) {
                throw invalid(field, must);
            }
            items.add(item);
        }
        return items;
    }

    private FaceException.InvalidArgument invalid(String field, String must) {
        return new FaceException.InvalidArgument(name(field), name(field) + " " + must);
    }
}
