package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The request bodies of Qiniu's raw-feature API as its Go server reads them: object keys match
 * field names case-insensitively (the last matching key wins), {@code null} is as if absent,
 * unknown keys are ignored. Type errors are 400s naming the field. Feature values are standard
 * base64 (padded; line breaks ignored) of little-endian float32s.
 */
final class QiniuFeatureJson {
    /** Bytes per value: the service's {@code precision}. */
    static final int PRECISION = Float.BYTES;

    private final JsonNode node;
    private final String path;

    private QiniuFeatureJson(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The body; an empty one reads as an empty object, as the service skips decoding it. */
    static QiniuFeatureJson parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? Json.object() : Json.STRICT.readTree(body);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "request body is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            root = Json.object();
        }
        if (!root.isObject()) {
            throw new FaceException.InvalidArgument("body", "request body must be a JSON object");
        }
        return new QiniuFeatureJson(root, "");
    }

    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The value of a field, its key matched as Go's decoder does. */
    private Optional<JsonNode> field(String field) {
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(field)) {
                found = entry.getValue();
            }
        }
        return found == null || found.isNull() ? Optional.empty() : Optional.of(found);
    }

    private FaceException.InvalidArgument wrong(String field, String what) {
        return new FaceException.InvalidArgument(name(field), name(field) + " must be " + what);
    }

    String string(String field) {
        Optional<JsonNode> value = field(field);
        if (value.isPresent() && !value.get().isTextual()) {
            throw wrong(field, "a string");
        }
        return value.map(JsonNode::textValue).orElse("");
    }

    /** A JSON number read as Go's float32. */
    float float32(String field) {
        Optional<JsonNode> value = field(field);
        if (value.isPresent() && !value.get().isNumber()) {
            throw wrong(field, "a number");
        }
        return value.map(v -> v.floatValue()).orElse(0f);
    }

    /** A JSON number read as Go's int: a whole number. */
    long integer(String field) {
        Optional<JsonNode> value = field(field);
        if (value.isEmpty()) {
            return 0;
        }
        JsonNode n = value.get();
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrong(field, "a whole number");
        }
        return n.longValue();
    }

    /** Any JSON value, as Go's {@code json.RawMessage} keeps it. */
    Optional<JsonNode> raw(String field) {
        return field(field);
    }

    List<QiniuFeatureJson> objects(String field) {
        List<JsonNode> items = array(field, JsonNode::isObject, "an array of objects");
        List<QiniuFeatureJson> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            objects.add(new QiniuFeatureJson(item.isNull() ? Json.object() : item, name(field) + "[" + i + "]"));
        }
        return objects;
    }

    List<String> strings(String field) {
        List<String> strings = new ArrayList<>();
        array(field, JsonNode::isTextual, "an array of strings").forEach(item -> strings.add(item.isNull() ? "" : item.textValue()));
        return strings;
    }

    /** An array's items, each null or one {@code valid} accepts (Go decodes null as the zero value); absent is none. */
    private List<JsonNode> array(String field, Predicate<JsonNode> valid, String what) {
        List<JsonNode> items = new ArrayList<>();
        Optional<JsonNode> value = field(field);
        if (value.isEmpty()) {
            return items;
        }
        if (!value.get().isArray()) {
            throw wrong(field, what);
        }
        for (JsonNode item : value.get()) {
            if (!item.isNull() && !valid.test(item)) {
                throw wrong(field, what);
            }
            items.add(item);
        }
        return items;
    }

    /**
     * A {@code bounding_box} as the service keeps it: points of whole numbers and a score, both
     * left out when empty or zero. Empty when there is none.
     */
    ObjectNode boundingBox(String field) {
        ObjectNode box = Json.object();
        Optional<JsonNode> value = field(field);
        if (value.isEmpty()) {
            return box;
        }
        if (!value.get().isObject()) {
            throw wrong(field, "an object");
        }
        QiniuFeatureJson inner = new QiniuFeatureJson(value.get(), name(field));
        Optional<JsonNode> pts = inner.field("pts");
        if (pts.isPresent()) {
            String what = "points [[x,y],...] of whole numbers";
            if (!pts.get().isArray()) {
                throw inner.wrong("pts", what);
            }
            ArrayNode points = Json.array();
            for (JsonNode point : pts.get()) {
                if (!point.isArray() || point.size() > 2) {
                    throw inner.wrong("pts", what);
                }
                ArrayNode xy = points.addArray();
                for (int i = 0; i < 2; i++) {
                    JsonNode c = point.path(i);
                    if (!c.isMissingNode() && !c.isNull() && !(c.isIntegralNumber() && c.canConvertToInt())) {
                        throw inner.wrong("pts", what);
                    }
                    xy.add(c.asInt(0));
                }
            }
            if (!points.isEmpty()) {
                box.set("pts", points);
            }
        }
        float score = inner.float32("score");
        if (score != 0) {
            box.put("score", score);
        }
        return box;
    }

    /** The axis-aligned box around four points, when a stored bounding box has them. */
    static Optional<BoundingBox> axisAligned(ObjectNode box) {
        try {
            return box.has("pts") ? Optional.of(QiniuBox.read("bounding_box.pts", box.get("pts"))) : Optional.empty();
        } catch (FaceException.InvalidArgument notFourPoints) {
            return Optional.empty();
        }
    }

    // ---- feature values -------------------------------------------------------------------

    /**
     * A feature value of {@code dimension} float32s; empty when it is not standard base64 of
     * exactly that many bytes or holds a value that is not finite.
     */
    static Optional<float[]> vector(String base64, int dimension) {
        String text = base64.replace("\r", "").replace("\n", "");
        if (text.length() % 4 != 0) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != dimension * PRECISION) {
            return Optional.empty();
        }
        float[] vector = new float[dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return Optional.empty();
            }
        }
        return Optional.of(vector);
    }

    /** A vector as the service answers it: standard base64 of little-endian float32s. */
    static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * PRECISION).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
