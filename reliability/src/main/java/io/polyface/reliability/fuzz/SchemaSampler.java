package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.polyface.reliability.Photos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes a valid value for a JSON schema of a contract: required members always, optional ones
 * now and then, enums and patterns honoured, images where the schema (or the set-up plan's
 * {@code strings}) says an image goes, and the {@link Fixtures}' names where it has one.
 */
public final class SchemaSampler {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 10;

    private final ContractDocument contract;
    private final SetupPlan plan;
    private final Fixtures fixtures;
    private final Photos photos;

    public SchemaSampler(ContractDocument contract, Fixtures fixtures, Photos photos) {
        this.contract = requireNonNull(contract, "contract is null");
        this.plan = contract.setupPlan();
        this.fixtures = requireNonNull(fixtures, "fixtures is null");
        this.photos = requireNonNull(photos, "photos is null");
    }

    /** The contract's set-up plan: its fixtures and how its requests are filled in. */
    public SetupPlan plan() {
        return plan;
    }

    /** Whether a schema describes a file (a multipart part rather than a text field). */
    public boolean binary(JsonNode schema) {
        JsonNode s = contract.resolve(schema);
        return s.path("contentMediaType").asText().equals("application/octet-stream") || s.path("format").asText().equals("binary");
    }

    /** The schema with its {@code $ref} followed and its {@code allOf} parts merged into one object schema. */
    public JsonNode flatten(JsonNode schema) {
        JsonNode s = contract.resolve(schema);
        if (!s.has("allOf")) {
            return s;
        }
        ObjectNode merged = s.deepCopy();
        merged.remove("allOf");
        ObjectNode properties = merged.has("properties") ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
        Set<String> required = new LinkedHashSet<>();
        merged.path("required").forEach(r -> required.add(r.asText()));
        for (JsonNode part : s.get("allOf")) {
            JsonNode flat = flatten(part);
            flat.path("properties").properties().forEach(p -> {
                if (!properties.has(p.getKey())) {
                    properties.set(p.getKey(), p.getValue());
                }
            });
            flat.path("required").forEach(r -> required.add(r.asText()));
            if (!merged.has("type") && flat.has("type")) {
                merged.set("type", flat.get("type"));
            }
        }
        ArrayNode requiredNode = merged.putArray("required");
        required.forEach(requiredNode::add);
        return merged;
    }

    /** The names of an object schema's required members. */
    public List<String> required(JsonNode schema) {
        List<String> names = new ArrayList<>();
        flatten(schema).path("required").forEach(r -> names.add(r.asText()));
        return names;
    }

    /** The member schemas of an object schema. */
    public JsonNode properties(JsonNode schema) {
        return flatten(schema).path("properties");
    }

    /**
     * A valid value of the schema for a field (a member, a parameter, or {@code ""} for a whole
     * body) of the operation at this path, whose fixtures it takes.
     */
    public JsonNode sample(String pathTemplate, JsonNode schema, String field, Random random) {
        return sample(pathTemplate, schema, field, random, 0);
    }

    private JsonNode sample(String pathTemplate, JsonNode schema, String field, Random random, int depth) {
        JsonNode s = flatten(schema);
        var fixture = fixtures.value(contract.dialect(), pathTemplate, field);
        if (fixture.isPresent()) {
            return type(s).equals("array") && !fixture.get().isArray() ? NODES.arrayNode().add(fixture.get()) : fixture.get();
        }
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.has("enum") && !s.get("enum").isEmpty()) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (s.has(choice) && !requiredChoice(s.get(choice))) {
                List<JsonNode> options = new ArrayList<>();
                s.get(choice).forEach(o -> {
                    if (!type(contract.resolve(o)).equals("null")) {
                        options.add(o);
                    }
                });
                if (!options.isEmpty()) {
                    return sample(pathTemplate, options.get(random.nextInt(options.size())), field, random, depth + 1);
                }
            }
        }
        if (depth > MAX_DEPTH) {
            return NODES.objectNode();
        }
        return switch (type(s)) {
            case "object" -> object(pathTemplate, s, random, depth);
            case "array" -> array(pathTemplate, s, field, random, depth);
            case "integer" -> LongNode.valueOf(integer(s, random));
            case "number" -> DoubleNode.valueOf(number(s, random));
            case "boolean" -> BooleanNode.valueOf(random.nextBoolean());
            case "null" -> NODES.nullNode();
            case "string" -> TextNode.valueOf(string(pathTemplate, s, field, random));
            default -> s.has("properties") ? object(pathTemplate, s, random, depth) : NODES.objectNode().put("fz", "desc");
        };
    }

    private ObjectNode object(String pathTemplate, JsonNode s, Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        Set<String> excluded = new HashSet<>();
        chooseRequired(s, random, required, excluded);
        s.path("properties").properties().forEach(p -> {
            String name = p.getKey();
            if (plan.unsampled().contains(name) || excluded.contains(name)) {
                return;
            }
            if (required.contains(name) || random.nextInt(10) < 6) {
                object.set(name, sample(pathTemplate, p.getValue(), name, random, depth + 1));
            }
        });
        alignLengths(object);
        return object;
    }

    /**
     * Whether a {@code oneOf} or {@code anyOf} only says which members must be there ({@code
     * oneOf: [{required: [face2_id]}, {required: [person_id]}]}: one or the other, not both).
     */
    private static boolean requiredChoice(JsonNode options) {
        if (!options.isArray() || options.isEmpty()) {
            return false;
        }
        for (JsonNode option : options) {
            if (!option.has("required") || option.properties().stream().anyMatch(m -> !m.getKey().equals("required")
                    && !m.getKey().equals("description"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * For an object whose {@code oneOf} or {@code anyOf} is a {@link #requiredChoice}: one option
     * whose members can all be sent is chosen, its members become required, and, for {@code oneOf},
     * the members only the other options name are left out.
     */
    private void chooseRequired(JsonNode s, Random random, Set<String> required, Set<String> excluded) {
        for (String choice : List.of("oneOf", "anyOf")) {
            if (!requiredChoice(s.path(choice))) {
                continue;
            }
            List<List<String>> options = new ArrayList<>();
            s.get(choice).forEach(option -> {
                List<String> names = new ArrayList<>();
                option.get("required").forEach(r -> names.add(r.asText()));
                options.add(names);
            });
            List<List<String>> sendable = options.stream().filter(names -> names.stream().noneMatch(plan.unsampled()::contains)).toList();
            if (sendable.isEmpty()) {
                continue;
            }
            List<String> chosen = sendable.get(random.nextInt(sendable.size()));
            required.addAll(chosen);
            if (choice.equals("oneOf")) {
                options.stream().flatMap(List::stream).filter(name -> !chosen.contains(name)).forEach(excluded::add);
            }
        }
    }

    /** Cuts the plan's same-length arrays that stand together in the object to the shortest of them. */
    private void alignLengths(ObjectNode object) {
        List<ArrayNode> arrays = plan.sameLength().stream().map(object::get).filter(v -> v != null && v.isArray())
                .map(ArrayNode.class::cast).toList();
        if (arrays.size() < 2) {
            return;
        }
        int shortest = arrays.stream().mapToInt(ArrayNode::size).min().orElseThrow();
        arrays.forEach(array -> {
            while (array.size() > shortest) {
                array.remove(array.size() - 1);
            }
        });
    }

    private ArrayNode array(String pathTemplate, JsonNode s, String field, Random random, int depth) {
        int min = s.path("minItems").asInt(1);
        int max = s.path("maxItems").asInt(Math.max(min, 2));
        int count = Math.max(min, Math.min(max, 1 + random.nextInt(2)));
        ArrayNode array = NODES.arrayNode();
        JsonNode items = s.path("items");
        for (int i = 0; i < count; i++) {
            array.add(items.isMissingNode() || items.isNull() ? TextNode.valueOf("fz") : sample(pathTemplate, items, field, random, depth + 1));
        }
        return array;
    }

    private String string(String pathTemplate, JsonNode s, String field, Random random) {
        if (s.path("contentEncoding").asText().equals("base64") || binary(s)) {
            return Photos.base64(photos.face(random));
        }
        if (s.path("contentMediaType").asText().equals("application/json") && s.has("contentSchema")) {
            return new String(FuzzRequest.json(sample(pathTemplate, s.get("contentSchema"), field, random, 1)), StandardCharsets.UTF_8);
        }
        SetupPlan.Generated generated = plan.strings().get(field);
        if (generated != null) {
            return switch (generated) {
                case SetupPlan.Generated.PhotoUri() -> Photos.dataUri(photos.face(random));
                case SetupPlan.Generated.Feature(int dimension) -> Photos.feature(dimension, random);
            };
        }
        if (s.path("format").asText().equals("date-time")) {
            return "2026-01-01T00:00:00Z";
        }
        if (s.has("pattern")) {
            return matching(s.get("pattern").asText(), random);
        }
        int min = s.path("minLength").asInt(1);
        int max = s.path("maxLength").asInt(Math.max(min, 12));
        return word(Math.max(min, Math.min(max, 4 + random.nextInt(8))), random);
    }

    /** A value the pattern takes, from a few shapes the contracts' patterns describe. */
    private static String matching(String pattern, Random random) {
        List<String> candidates = List.of("fz_" + word(6, random), "fz" + word(6, random),
                HexFormat.of().formatHex(bytes(16, random)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(16, random)) + "==",
                Integer.toString(1 + random.nextInt(9)), "1q/10s", "Mon Jan  5 10:00:00 2026");
        try {
            Pattern compiled = Pattern.compile(pattern);
            return candidates.stream().filter(c -> compiled.matcher(c).find()).findFirst().orElse(candidates.getFirst());
        } catch (PatternSyntaxException e) {
            return candidates.getFirst();
        }
    }

    private static long integer(JsonNode s, Random random) {
        long min = s.has("minimum") ? s.get("minimum").asLong() : s.has("exclusiveMinimum") ? s.get("exclusiveMinimum").asLong() + 1 : 1;
        long max = s.has("maximum") ? s.get("maximum").asLong() : s.has("exclusiveMaximum") ? s.get("exclusiveMaximum").asLong() - 1
                : Math.max(min, 10);
        max = Math.min(max, min + 10);
        return min + (max > min ? random.nextLong(max - min + 1) : 0);
    }

    private static double number(JsonNode s, Random random) {
        double min = s.has("minimum") ? s.get("minimum").asDouble() : s.path("exclusiveMinimum").asDouble(0);
        double max = s.has("maximum") ? s.get("maximum").asDouble() : s.path("exclusiveMaximum").asDouble(min + 1);
        return min + (max - min) * (0.1 + 0.8 * random.nextDouble());
    }

    /** A schema's type; the first that is not {@code null} when it lists several. */
    private static String type(JsonNode s) {
        JsonNode type = s.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return s.has("properties") ? "object" : s.has("items") ? "array" : "";
    }

    static String word(int length, Random random) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static byte[] bytes(int count, Random random) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
