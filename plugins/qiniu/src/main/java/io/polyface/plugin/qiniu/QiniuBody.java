package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object of a Qiniu request (the body, or an object inside it), read strictly: a field of
 * the wrong type or out of range is an {@link FaceException.InvalidArgument} naming the field by
 * its dotted path ({@code image.uri}), never a parser stack trace.
 */
final class QiniuBody {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
                return new QiniuBody(JSON.createObjectNode(), "");
            }
            throw new FaceException.InvalidArgument("body", "request body is empty; a JSON object is expected");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "request body is not valid JSON");
        }
        if ((root == null || root.isNull()) && emptyAllowed) {
            return new QiniuBody(JSON.createObjectNode(), ""); // Go decodes null into a struct as nothing
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
            return new QiniuBody(JSON.createObjectNode(), name(field));
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

    /** A string that must be present and not empty. */
    String requiredString(String field) {
        String value = optionalString(field)
                .orElseThrow(() -> new FaceException.InvalidArgument(name(field), name(field) + " is required"));
        if (value.isEmpty()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must not be empty");
        }
        return value;
    }

    /** Any JSON value, as given (Qiniu's {@code desc}: boolean, number, string, array or map). */
    Optional<JsonNode> value(String field) {
        return present(field);
    }

    JsonNode raw(String field) {
        return Optional.ofNullable(node.get(field)).orElse(MissingNode.getInstance());
    }

    boolean bool(String field, boolean fallback) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().isBoolean()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be true or false");
        }
        return value.get().booleanValue();
    }

    int integer(String field, int min, int max, int fallback) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        JsonNode n = value.get();
        // 5.0 is a whole number as JSON writes it; 5.5 and "5" are not.
        if (!n.isNumber() || !(n.isIntegralNumber() || n.doubleValue() == Math.rint(n.doubleValue()))
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new FaceException.InvalidArgument(name(field),
                    name(field) + " must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }

    long positiveLong(String field, long fallback, boolean required) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            if (required) {
                throw new FaceException.InvalidArgument(name(field), name(field) + " is required");
            }
            return fallback;
        }
        JsonNode n = value.get();
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() <= 0) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a whole number greater than 0");
        }
        return n.longValue();
    }

    double fraction(String field, double fallback) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        JsonNode n = value.get();
        if (!n.isNumber() || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a number from 0 to 1");
        }
        return n.doubleValue();
    }

    /**
     * A whole number as Qiniu's server reads it (Go's {@code int}): absent or null is {@code
     * fallback}, a whole number of any size or sign is itself (range checks are the route's), and
     * anything else is a bad request.
     */
    long wholeNumber(String field, long fallback) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        JsonNode n = value.get();
        if (!n.isNumber() || !(n.isIntegralNumber() || n.doubleValue() == Math.rint(n.doubleValue())) || !n.canConvertToLong()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a whole number");
        }
        return n.longValue();
    }

    /** Any number (Go's {@code float32}): absent or null is {@code fallback}; range checks are the route's. */
    double number(String field, double fallback) {
        Optional<JsonNode> value = present(field);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().isNumber()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a number");
        }
        return value.get().doubleValue();
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
        JsonNode n = present(field)
                .orElseThrow(() -> new FaceException.InvalidArgument(name(field), name(field) + " is required"));
        if (!n.isArray()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be an array of strings");
        }
        if (n.size() > maxItems) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " holds at most " + maxItems + " items");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw new FaceException.InvalidArgument(name(field), name(field) + " must be an array of strings");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** A required array whose items are objects. */
    List<QiniuBody> objects(String field, int maxItems) {
        JsonNode n = present(field)
                .orElseThrow(() -> new FaceException.InvalidArgument(name(field), name(field) + " is required"));
        if (!n.isArray()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be an array of objects");
        }
        if (n.size() > maxItems) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " holds at most " + maxItems + " items");
        }
        List<QiniuBody> items = new ArrayList<>();
        int i = 0;
        for (JsonNode item : n) {
            if (!item.isObject()) {
                throw new FaceException.InvalidArgument(name(field), name(field) + " must be an array of objects");
            }
            items.add(new QiniuBody(item, name(field) + "[" + i++ + "]"));
        }
        return items;
    }
}
