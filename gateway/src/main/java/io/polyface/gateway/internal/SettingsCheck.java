package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a configuration against its schema with a JSON Schema validator, and says what is wrong
 * in a reader's words: the key, what it must be, the value it has (never a secret's), and for a key
 * nobody declares the nearest one that exists. Values arrive as text, as Helidon keeps them; they
 * are read as the type the schema asks for before the check.
 */
public final class SettingsCheck {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Draft 2020-12, told that the schema files' own annotations (x-form, x-path) check nothing. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialect.builder(Dialects.getDraft202012())
            .keywords(List.of(new NonValidationKeyword("x-form"), new NonValidationKeyword("x-path")))
            .build());

    private SettingsCheck() {
    }

    /** One thing wrong: where it was said (a file and line, the command line), and what. */
    public record Problem(String where, String key, String message) {
        public Problem {
            requireNonNull(where, "where is null");
            requireNonNull(key, "key is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    /**
     * The problems of a configuration, in the order of its keys.
     *
     * @param where names the source of a dotted key ({@code cfg/x.yaml line 3})
     */
    public static List<Problem> check(ObjectNode schema, JsonNode configuration, Function<String, String> where) {
        JsonNode typed = typed(configuration, schema);
        Schema validator = REGISTRY.getSchema(schema);
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Error error : validator.validate(typed)) {
            String path = path(error.getInstanceLocation());
            Optional<Problem> problem = describe(error, path, schema, typed, where);
            problem.filter(p -> seen.add(p.toString())).ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<Problem> describe(Error error, String path, ObjectNode schema, JsonNode typed,
            Function<String, String> where) {
        JsonNode at = node(schema, path);
        JsonNode value = error.getInstanceNode();
        String key = SettingsTrees.display(path);
        String shown = at.path("writeOnly").asBoolean(false) || value == null ? "" : ", not " + quote(value);
        String keyword = Optional.ofNullable(error.getKeyword()).orElse("");
        return switch (keyword) {
            case "additionalProperties" -> {
                String name = error.getProperty();
                String full = SettingsTrees.join(path, name);
                Set<String> known = new LinkedHashSet<>();
                at.path("properties").fieldNames().forEachRemaining(known::add);
                String hint = Suggestions.nearest(name, known).map(n -> " (did you mean " + n + "?)")
                        .orElse(known.isEmpty() ? "" : " (the keys here are " + String.join(", ", known) + ")");
                yield Optional.of(new Problem(where.apply(full), SettingsTrees.display(full),
                        SettingsTrees.display(full) + " is not a known key" + hint));
            }
            case "required" -> {
                String full = SettingsTrees.join(path, error.getProperty());
                yield Optional.of(new Problem(where.apply(path), SettingsTrees.display(full),
                        SettingsTrees.display(full) + " is missing" + describedAs(node(schema, full))));
            }
            case "type" -> Optional.of(new Problem(where.apply(path), key, key + " must be " + expected(at) + shown));
            case "minimum" -> Optional.of(problem(where, path, key + " must be at least " + number(at.get("minimum")) + shown));
            case "maximum" -> Optional.of(problem(where, path, key + " must be at most " + number(at.get("maximum")) + shown));
            case "exclusiveMinimum" -> Optional.of(problem(where, path, key + " must be above "
                    + number(at.get("exclusiveMinimum")) + shown));
            case "exclusiveMaximum" -> Optional.of(problem(where, path, key + " must be below "
                    + number(at.get("exclusiveMaximum")) + shown));
            case "enum" -> Optional.of(problem(where, path, key + " must be one of " + names(at.get("enum")) + shown));
            case "pattern" -> Optional.of(problem(where, path, key + " must be "
                    + at.path("x-form").asText("text matching " + at.path("pattern").asText()) + shown));
            case "minLength" -> Optional.of(problem(where, path, at.path("minLength").asInt() <= 1 ? key + " must not be empty"
                    : key + " must be at least " + at.path("minLength").asInt() + " characters long" + shown));
            case "uniqueItems" -> Optional.of(problem(where, path, key + " has " + duplicate(typed.at(pointer(path)))
                    + " listed twice"));
            default -> Optional.of(problem(where, path, key + ": " + error.getMessage()));
        };
    }

    private static Problem problem(Function<String, String> where, String path, String message) {
        return new Problem(where.apply(path), SettingsTrees.display(path), message);
    }

    private static String describedAs(JsonNode schema) {
        return schema.hasNonNull("description") ? " (" + firstSentence(schema.get("description").asText()) + ")" : "";
    }

    static String firstSentence(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        int end = flat.indexOf(". ");
        return (end < 0 ? flat : flat.substring(0, end + 1)).replaceAll("\\.$", "");
    }

    /** What a schema's type asks for, in words. */
    static String expected(JsonNode schema) {
        if (schema.has("x-form") && types(schema).contains("string")) {
            return schema.get("x-form").asText();
        }
        List<String> words = new ArrayList<>();
        types(schema).forEach(type -> words.add(switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a section of keys";
            case "array" -> "a list";
            case "string" -> schema.has("x-form") ? schema.get("x-form").asText() : "text";
            default -> type;
        }));
        return String.join(" or ", words);
    }

    static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }

    private static String quote(JsonNode value) {
        if (value.isContainerNode()) {
            return value.isArray() ? "a list" : "a section of keys";
        }
        return "'" + value.asText() + "'";
    }

    private static String number(JsonNode n) {
        return n == null ? "?" : n.isIntegralNumber() ? Long.toString(n.asLong()) : n.asText();
    }

    private static String names(JsonNode values) {
        List<String> names = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> names.add(v.asText()));
        }
        return String.join(", ", names);
    }

    private static String duplicate(JsonNode list) {
        Set<String> seen = new HashSet<>();
        for (JsonNode item : list) {
            if (!seen.add(item.toString())) {
                return quote(item);
            }
        }
        return "an item";
    }

    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(location.getElement(i));
        }
        return path.toString();
    }

    private static String pointer(String path) {
        return path.isEmpty() ? "" : "/" + path.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    /** The schema of a dotted path, or an empty one where the schema says nothing. */
    public static JsonNode nodeOf(JsonNode schema, String path) {
        return node(schema, path);
    }

    static JsonNode node(JsonNode schema, String path) {
        JsonNode at = schema;
        if (path.isEmpty()) {
            return at;
        }
        for (String name : path.split("\\.")) {
            if (at.path("properties").has(name)) {
                at = at.path("properties").get(name);
            } else if (name.chars().allMatch(Character::isDigit) && at.has("items")) {
                at = at.get("items");
            } else if (at.path("additionalProperties").isObject()) {
                at = at.get("additionalProperties");
            } else {
                return NODES.objectNode();
            }
        }
        return at;
    }

    /**
     * The configuration with each text value read as the type its schema asks for ({@code "8080"}
     * as 8080 where a whole number is wanted); values that do not read stay text, for the check to
     * name. An empty value where a section or list is wanted is taken as absent (a YAML key whose
     * children are all commented out).
     */
    static JsonNode typed(JsonNode node, JsonNode schema) {
        List<String> types = types(schema);
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> {
                JsonNode childSchema = schema.path("properties").has(e.getKey()) ? schema.path("properties").get(e.getKey())
                        : schema.path("additionalProperties").isObject() ? schema.get("additionalProperties") : NODES.objectNode();
                JsonNode child = e.getValue();
                if (child.isTextual() && child.asText().isEmpty()
                        && (types(childSchema).contains("object") || types(childSchema).contains("array"))
                        && !types(childSchema).contains("string")) {
                    return;
                }
                copy.set(e.getKey(), typed(child, childSchema));
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(typed(item, schema.path("items"))));
            return copy;
        }
        if (!node.isTextual() || types.isEmpty() || types.contains("string")) {
            return node;
        }
        String text = node.asText().strip();
        for (String type : types) {
            switch (type) {
                case "integer" -> {
                    if (text.matches("[-+]?\\d{1,18}")) {
                        return NODES.numberNode(Long.parseLong(text));
                    }
                }
                case "number" -> {
                    try {
                        return NODES.numberNode(Double.parseDouble(text));
                    } catch (NumberFormatException e) {
                        // stays text; the check says what it should be
                    }
                }
                case "boolean" -> {
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return NODES.booleanNode(text.toLowerCase(Locale.ROOT).equals("true"));
                    }
                }
                default -> {
                    // object, array: a text value is the wrong type, left for the check
                }
            }
        }
        return node;
    }
}
