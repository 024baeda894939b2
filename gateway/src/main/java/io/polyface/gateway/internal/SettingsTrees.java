package io.polyface.gateway.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.helidon.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration as trees of text values (as Helidon keeps it), keyed by dotted paths with list
 * indexes as numbers ({@code dialects.qiniu.keys.0.access-key}), and where each key of a YAML file
 * stands.
 */
public final class SettingsTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SettingsTrees() {
    }

    /** The line of each key of a YAML file, by dotted path; dotted keys count as nested ones, as Helidon reads them. */
    static Map<String, Integer> lines(Path file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(file.toFile())) {
            if (parser.nextToken() != null) {
                walk(parser, "", lines);
            }
        }
        return lines;
    }

    private static void walk(JsonParser parser, String path, Map<String, Integer> lines) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = join(path, parser.currentName());
                int line = parser.currentTokenLocation().getLineNr();
                // a.b: c is the key a with b below it; each level stands on this line.
                String prefix = path;
                for (String part : parser.currentName().split("\\.")) {
                    prefix = join(prefix, part);
                    lines.putIfAbsent(prefix, line);
                }
                parser.nextToken();
                walk(parser, child, lines);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String child = join(path, Integer.toString(index++));
                lines.putIfAbsent(child, parser.currentTokenLocation().getLineNr());
                walk(parser, child, lines);
            }
        }
    }

    /**
     * A YAML file's problem that stops it being read (a syntax error, a key given twice), with its
     * line; empty when it reads.
     */
    static java.util.Optional<String> syntaxProblem(Path file) {
        try {
            lines(file);
            return java.util.Optional.empty();
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("cannot be read").strip();
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            return java.util.Optional.of((line > 0 ? "line " + line + ": " : "") + message);
        } catch (IOException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** A Helidon configuration node as a tree: values as text, lists as arrays, sections as objects. */
    public static JsonNode tree(Config node) {
        return switch (node.type()) {
            case OBJECT -> {
                ObjectNode object = NODES.objectNode();
                node.asNodeList().orElse(List.of()).forEach(child -> object.set(child.name(), tree(child)));
                yield numbered(object);
            }
            case LIST -> {
                ArrayNode array = NODES.arrayNode();
                node.asNodeList().orElse(List.of()).forEach(child -> array.add(tree(child)));
                yield array;
            }
            case VALUE -> NODES.textNode(node.asString().orElse(""));
            case MISSING -> NODES.missingNode();
        };
    }

    /** A section whose keys are 0, 1, 2... (a list given as flat keys, {@code keys.0.access-key}) as the list it is. */
    private static JsonNode numbered(ObjectNode object) {
        if (object.isEmpty()) {
            return object;
        }
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < object.size(); i++) {
            JsonNode item = object.get(Integer.toString(i));
            if (item == null) {
                return object;
            }
            items.add(item);
        }
        return NODES.arrayNode().addAll(items);
    }

    /** Every value of a tree by its dotted path. */
    public static Map<String, JsonNode> leaves(JsonNode tree) {
        Map<String, JsonNode> leaves = new java.util.LinkedHashMap<>();
        collect(tree, "", leaves);
        return leaves;
    }

    private static void collect(JsonNode node, String path, Map<String, JsonNode> leaves) {
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), join(path, e.getKey()), leaves));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), join(path, Integer.toString(i)), leaves);
            }
        } else if (!node.isMissingNode()) {
            leaves.put(path, node);
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** {@code dialects.qiniu.keys.0.secret-key} as a reader writes it: {@code dialects.qiniu.keys[0].secret-key}. */
    static String display(String path) {
        return path.replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    }
}
