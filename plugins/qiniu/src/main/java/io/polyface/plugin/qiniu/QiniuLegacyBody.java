package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A request body of Qiniu's older API generation, read as its Go server reads it
 * ({@code encoding/json} into structs): keys match without regard to case ({@code "Params"} is
 * {@code params}; of two spellings the later wins), an absent, empty or {@code null} body or field
 * is the zero value ({@code ""}, {@code 0}, no items), unknown fields are ignored, and what follows
 * the first JSON value is not read. A value of the wrong type is an {@link
 * FaceException.InvalidArgument} (400) naming the field. The values of {@code desc} are the
 * caller's own JSON and keep their keys as given.
 */
final class QiniuLegacyBody {
    /** Every field name of the older generation's requests (argus/feature_group/faceg and imageg, proto.go). */
    private static final Map<String, String> FIELDS = Stream.of(
                    "data", "uri", "attribute", "id", "name", "mode", "label", "desc", "params", "limit", "threshold", "groups",
                    "faces", "images")
            .collect(Collectors.toUnmodifiableMap(f -> f, Function.identity()));
    private static final String FREE_FORM = "desc";
    /** Go's decoder reads one value and leaves the rest of the body alone. */
    private static final ObjectReader FIRST_VALUE = Json.PLAIN.reader();

    private final QiniuBody body;

    private QiniuLegacyBody(QiniuBody body) {
        this.body = body;
    }

    static QiniuLegacyBody parse(byte[] bytes) {
        JsonNode root;
        try {
            root = FIRST_VALUE.readTree(bytes);
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "request body is not valid JSON");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new QiniuLegacyBody(QiniuBody.of(Json.object()));
        }
        if (!root.isObject()) {
            throw new FaceException.InvalidArgument("body", "request body must be a JSON object");
        }
        return new QiniuLegacyBody(QiniuBody.of((ObjectNode) fold(root)));
    }

    /** The node with the known field names in their canonical spelling, at every depth but inside {@code desc}. */
    static JsonNode fold(JsonNode node) {
        if (node.isObject()) {
            ObjectNode folded = Json.object();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = FIELDS.getOrDefault(field.getKey().toLowerCase(Locale.ROOT), field.getKey());
                folded.remove(name); // the later spelling wins, as Go assigns the field again
                folded.set(name, name.equals(FREE_FORM) ? field.getValue() : fold(field.getValue()));
            }
            return folded;
        }
        if (node.isArray()) {
            ArrayNode folded = Json.array();
            node.forEach(item -> folded.add(fold(item)));
            return folded;
        }
        return node;
    }

    String name(String field) {
        return body.name(field);
    }

    /** A string; {@code ""} when absent or null. */
    String string(String field) {
        return body.optionalString(field).orElse("");
    }

    /** A nested object; empty when absent or null. */
    QiniuLegacyBody object(String field) {
        return new QiniuLegacyBody(body.object(field, false));
    }

    /** An array of objects; none when absent or null. */
    List<QiniuLegacyBody> objects(String field) {
        if (!body.has(field)) {
            return List.of();
        }
        List<QiniuLegacyBody> items = new ArrayList<>();
        body.objects(field, Integer.MAX_VALUE).forEach(item -> items.add(new QiniuLegacyBody(item)));
        return items;
    }

    /** An array of strings; none when absent or null. */
    List<String> strings(String field) {
        return body.has(field) ? body.strings(field, Integer.MAX_VALUE) : List.of();
    }

    /** A whole number (Go's {@code int}: {@code 5.0} is not one); 0 when absent or null. */
    long whole(String field) {
        Optional<JsonNode> value = body.value(field);
        if (value.isEmpty()) {
            return 0;
        }
        if (!value.get().isIntegralNumber() || !value.get().canConvertToLong()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a whole number");
        }
        return value.get().longValue();
    }

    /** A number; 0 when absent or null. */
    double number(String field) {
        Optional<JsonNode> value = body.value(field);
        if (value.isEmpty()) {
            return 0;
        }
        if (!value.get().isNumber()) {
            throw new FaceException.InvalidArgument(name(field), name(field) + " must be a number");
        }
        return value.get().doubleValue();
    }

    /** Any JSON value as given, absent when absent or null. */
    Optional<JsonNode> value(String field) {
        return body.value(field);
    }
}
