package io.polyface.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.polyface.spi.FaceException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Derives the protocol's OpenAPI 3.1 contract from the SPI types and {@link NativeCall}, so that
 * the contract cannot drift from the code: a test compares it with the committed
 * {@value NativeProtocol#CONTRACT_RESOURCE}.
 */
public final class NativeContract {
    private static final ObjectMapper JSON = NativeJson.mapper();
    private static final TypeFactory TYPES = JSON.getTypeFactory();

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    private NativeContract() {
    }

    /** The contract as pretty-printed JSON. */
    public static String generate() {
        return new NativeContract().document().toPrettyString() + "\n";
    }

    private ObjectNode document() {
        ObjectNode root = JSON.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Polyface native engine protocol");
        info.put("version", NativeProtocol.VERSION);
        info.put("description", """
                The engine SPI (io.polyface.spi.engine.FaceEngine) over HTTP/JSON, so that one Polyface can be \
                another's engine. Every call is POST /native/v1/<call> with a JSON object of named arguments and \
                an 'Authorization: Bearer <token>' header; it is answered with HTTP 200 and {"result": ...}, or with \
                the failure's status and {"error": {...}} carrying the FaceException subtype ('type') and its \
                fields, from which a client rebuilds the exact exception. Optional values are null when absent; \
                instants are ISO-8601; byte arrays are base64. v1 only ever adds fields: readers ignore unknown ones.""");
        root.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = root.putObject("paths");
        for (NativeCall call : NativeCall.all()) {
            paths.set(NativeProtocol.path(call), path(call));
        }
        ObjectNode components = root.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        schemas.put("Error", errorSchema());
        ObjectNode all = components.putObject("schemas");
        schemas.forEach(all::set);
        return root;
    }

    private ObjectNode path(NativeCall call) {
        ObjectNode post = JSON.createObjectNode();
        post.put("operationId", call.wireName());
        post.put("summary", "FaceEngine." + call.wireName() + " (" + call.operation().kind().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + ")");
        ObjectNode body = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = body.putObject("properties");
        ArrayNode required = body.putArray("required");
        for (NativeCall.Parameter parameter : call.parameters()) {
            properties.set(parameter.name(), schema(TYPES.constructType(parameter.type())));
            required.add(parameter.name());
        }
        post.putObject("requestBody").put("required", true).putObject("content").putObject(NativeProtocol.CONTENT_TYPE)
                .set("schema", body);
        ObjectNode responses = post.putObject("responses");
        ObjectNode ok = JSON.createObjectNode().put("type", "object");
        ok.putObject("properties").set("result", schema(TYPES.constructType(call.result())));
        ok.putArray("required").add("result");
        responses.putObject("200").put("description", "the call's result").putObject("content")
                .putObject(NativeProtocol.CONTENT_TYPE).set("schema", ok);
        ObjectNode failed = JSON.createObjectNode().put("type", "object");
        failed.putObject("properties").putObject("error").put("$ref", "#/components/schemas/Error");
        failed.putArray("required").add("error");
        responses.putObject("default")
                .put("description", "a failure: 400, 404, 409, 413, 422 caller errors; 401 bad token; 429 rate limited; "
                        + "501 unsupported; 502 download failed; 503 backend unavailable; 500 internal")
                .putObject("content").putObject(NativeProtocol.CONTENT_TYPE).set("schema", failed);
        ObjectNode item = JSON.createObjectNode();
        item.set("post", post);
        return item;
    }

    private ObjectNode schema(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == void.class || raw == Void.class) {
            return JSON.createObjectNode().put("type", "null");
        }
        if (raw == String.class) {
            return JSON.createObjectNode().put("type", "string");
        }
        if (raw == byte[].class) {
            return JSON.createObjectNode().put("type", "string").put("contentEncoding", "base64");
        }
        if (raw == float[].class) {
            ObjectNode array = JSON.createObjectNode().put("type", "array");
            array.putObject("items").put("type", "number");
            return array;
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return JSON.createObjectNode().put("type", "integer");
        }
        if (raw == double.class || raw == float.class || raw == Double.class) {
            return JSON.createObjectNode().put("type", "number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return JSON.createObjectNode().put("type", "boolean");
        }
        if (raw == Instant.class) {
            return JSON.createObjectNode().put("type", "string").put("format", "date-time");
        }
        if (raw == OptionalInt.class || raw == OptionalLong.class) {
            return nullable(JSON.createObjectNode().put("type", "integer"));
        }
        if (raw == OptionalDouble.class) {
            return nullable(JSON.createObjectNode().put("type", "number"));
        }
        if (type.isReferenceType()) {
            return nullable(schema(type.getContentType()));
        }
        if (type.isCollectionLikeType()) {
            ObjectNode array = JSON.createObjectNode().put("type", "array");
            array.set("items", schema(type.getContentType()));
            if (java.util.Set.class.isAssignableFrom(raw)) {
                array.put("uniqueItems", true);
            }
            return array;
        }
        if (type.isMapLikeType()) {
            ObjectNode map = JSON.createObjectNode().put("type", "object");
            map.set("additionalProperties", schema(type.getContentType()));
            return map;
        }
        if (FaceException.class.isAssignableFrom(raw)) {
            return ref("Error");
        }
        if (raw.isEnum()) {
            String name = raw.getSimpleName();
            if (!schemas.containsKey(name)) {
                ObjectNode e = JSON.createObjectNode().put("type", "string");
                ArrayNode values = e.putArray("enum");
                for (Object constant : raw.getEnumConstants()) {
                    values.add(((Enum<?>) constant).name());
                }
                schemas.put(name, e);
            }
            return ref(name);
        }
        if (raw.isSealed()) {
            return sealed(raw);
        }
        if (raw.isRecord()) {
            return record(type);
        }
        throw new IllegalStateException("no schema for " + type);
    }

    private ObjectNode record(JavaType type) {
        Class<?> raw = type.getRawClass();
        boolean generic = raw.getTypeParameters().length > 0;
        String name = schemaName(raw);
        if (!generic && schemas.containsKey(name)) {
            return ref(name);
        }
        ObjectNode object = JSON.createObjectNode().put("type", "object");
        if (!generic) {
            schemas.put(name, object);
        }
        ObjectNode properties = object.putObject("properties");
        ArrayNode required = object.putArray("required");
        for (RecordComponent component : raw.getRecordComponents()) {
            JavaType componentType = TYPES.resolveMemberType(component.getGenericType(), type.getBindings());
            properties.set(component.getName(), schema(componentType));
            required.add(component.getName());
        }
        return generic ? object : ref(name);
    }

    private ObjectNode sealed(Class<?> raw) {
        String name = schemaName(raw);
        if (!schemas.containsKey(name)) {
            ObjectNode union = JSON.createObjectNode();
            schemas.put(name, union);
            JsonSubTypes subTypes = mixInSubTypes(raw);
            ArrayNode oneOf = union.putArray("oneOf");
            ObjectNode mapping = JSON.createObjectNode();
            for (JsonSubTypes.Type sub : subTypes.value()) {
                ObjectNode variant = record(TYPES.constructType(sub.value()));
                String subName = schemaName(sub.value());
                ObjectNode subSchema = schemas.get(subName);
                ((ObjectNode) subSchema.get("properties")).putObject("type").put("const", sub.name());
                ((ArrayNode) subSchema.get("required")).add("type");
                oneOf.add(variant);
                mapping.put(sub.name(), "#/components/schemas/" + subName);
            }
            union.putObject("discriminator").put("propertyName", "type").set("mapping", mapping);
        }
        return ref(name);
    }

    private static JsonSubTypes mixInSubTypes(Class<?> sealed) {
        Class<?> mixIn = JSON.findMixInClassFor(sealed);
        if (mixIn == null || mixIn.getAnnotation(JsonSubTypes.class) == null) {
            throw new IllegalStateException("the sealed type " + sealed + " has no type names on the wire");
        }
        return mixIn.getAnnotation(JsonSubTypes.class);
    }

    private ObjectNode errorSchema() {
        ObjectNode error = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = error.putObject("properties");
        ArrayNode types = properties.putObject("type").putArray("enum");
        for (Class<?> subtype : failureTypes()) {
            types.add(subtype.getSimpleName());
        }
        ArrayNode categories = properties.putObject("category").putArray("enum");
        for (FaceException.Category category : FaceException.Category.values()) {
            categories.add(category.name());
        }
        properties.putObject("message").put("type", "string");
        properties.putObject("resource").put("description", "NotFound, AlreadyExists").set("enum", names(FaceException.Resource.values()));
        properties.putObject("id").put("type", "string").put("description", "NotFound, AlreadyExists");
        properties.putObject("field").put("type", "string").put("description", "InvalidArgument");
        properties.putObject("quota").put("description", "QuotaExceeded").set("enum", names(FaceException.Quota.values()));
        properties.putObject("limit").put("type", "integer").put("description", "QuotaExceeded");
        properties.putObject("limitBytes").put("type", "integer").put("description", "ImageTooLarge: over a byte limit");
        properties.putObject("limitPixels").put("type", "integer").put("description", "ImageTooLarge: over a pixel limit");
        properties.putObject("reason").put("description", "DownloadFailed")
                .set("enum", names(FaceException.DownloadFailed.Reason.values()));
        ObjectNode checks = properties.putObject("failedChecks").put("type", "array").put("description", "BadQuality");
        checks.putObject("items").set("enum", names(io.polyface.spi.QualityCheck.values()));
        error.putArray("required").add("type").add("category").add("message");
        return error;
    }

    /** The concrete {@link FaceException}s, each a type name on the wire, in the order the SPI declares them. */
    static List<Class<?>> failureTypes() {
        return concrete(FaceException.class).toList();
    }

    private static Stream<Class<?>> concrete(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(NativeContract::concrete) : Stream.of(type);
    }

    private static ArrayNode names(Enum<?>[] values) {
        ArrayNode array = JSON.createArrayNode();
        for (Enum<?> value : values) {
            array.add(value.name());
        }
        return array;
    }

    private static String schemaName(Class<?> raw) {
        return raw.getEnclosingClass() != null && raw.getEnclosingClass() != Object.class
                ? raw.getEnclosingClass().getSimpleName() + raw.getSimpleName()
                : raw.getSimpleName();
    }

    private static ObjectNode nullable(ObjectNode schema) {
        ObjectNode either = JSON.createObjectNode();
        either.putArray("anyOf").add(schema).addObject().put("type", "null");
        return either;
    }

    private static ObjectNode ref(String name) {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
    }
}
