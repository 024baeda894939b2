package io.polyface.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration reference ({@code docs/configuration.md}), written from the schema: every key
 * of the gateway, of each dialect, engine type and connector, with its type, default and meaning.
 */
public final class SettingsReference {
    private SettingsReference() {
    }

    public static String markdown(SettingsSchema all) {
        // Only what plugins declare: a provider without a schema (a test's fake engine) is not documented.
        SettingsSchema schema = all.declaredOnly();
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("Written by `polyface config reference` from the settings schemas: the gateway's own\n")
                .append("(`gateway/src/main/resources/META-INF/polyface/settings/gateway.yaml`) and the one each plugin\n")
                .append("ships beside its provider (`META-INF/polyface/settings/<dialect|engine|connector>-<name>.yaml`).\n")
                .append("A test fails when this file is out of date; regenerate it with\n")
                .append("`./polyface config reference > docs/configuration.md`.\n\n")
                .append("Keys are written as dotted paths; in YAML each dot is a level of nesting (`server.port: 9000`\n")
                .append("and `server: {port: 9000}` say the same). `[]` stands for any item of a list. Start-up refuses\n")
                .append("a key that is not listed here and a value of the wrong type, naming the file and line\n")
                .append("(`polyface config check FILE` does the same without starting). Relative paths are relative\n")
                .append("to the directory polyface is started from. Secrets are masked by `polyface config show`.\n\n");

        md.append("## The gateway\n\n");
        table(md, schema.gateway(), "", Set.of("engines"));
        md.append("\nEach dialect's settings are below, under `dialects.<id>`; `engines` holds engines by a name of\n")
                .append("your choosing, each with the keys of its type.\n\n");

        md.append("## Dialects\n\n");
        for (String id : schema.dialectIds()) {
            md.append("### `dialects.").append(id).append("`\n\n");
            if (!schema.declares("dialect", id)) {
                md.append("The plugin declares no keys of its own; they are not checked.\n\n");
            }
            table(md, schema.dialect(id), "dialects." + id, Set.of());
            md.append('\n');
        }

        md.append("## Engines\n\n");
        for (String type : schema.engineTypes()) {
            if (!schema.declares("engine", type)) {
                continue;
            }
            md.append("### `engines.<name>` of `type: ").append(type).append("`\n\n");
            JsonNode engine = schema.engine(type, "");
            if (engine.hasNonNull("description")) {
                md.append(flat(engine.get("description").asText())).append("\n\n");
            }
            table(md, engine, "engines.<name>", Set.of());
            md.append('\n');
            if (engine.path("properties").has("connector")) {
                Set<String> base = keys(engine);
                for (String connector : schema.connectorIds()) {
                    if (!schema.declares("connector", connector)) {
                        continue;
                    }
                    md.append("#### and `connector: ").append(connector).append("`\n\n");
                    JsonNode joined = schema.engine(type, connector);
                    table(md, only(joined, keys(joined), base), "engines.<name>", Set.of());
                    md.append('\n');
                }
            }
        }
        return md.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private static Set<String> keys(JsonNode schema) {
        Set<String> keys = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The schema's keys that are not among {@code base}'s. */
    private static JsonNode only(JsonNode schema, Set<String> all, Set<String> base) {
        var copy = schema.deepCopy();
        var properties = (com.fasterxml.jackson.databind.node.ObjectNode) copy.path("properties");
        all.stream().filter(base::contains).forEach(properties::remove);
        return copy;
    }

    private static void table(StringBuilder md, JsonNode schema, String prefix, Set<String> skipped) {
        md.append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        rows(md, schema, prefix, skipped, Set.copyOf(requiredOf(schema)));
    }

    private static List<String> requiredOf(JsonNode schema) {
        List<String> required = new java.util.ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        return required;
    }

    private static void rows(StringBuilder md, JsonNode schema, String prefix, Set<String> skipped, Set<String> required) {
        schema.path("properties").properties().forEach(e -> {
            String key = SettingsTrees.join(prefix, e.getKey());
            JsonNode child = e.getValue();
            if (skipped.contains(e.getKey())) {
                return;
            }
            boolean isSection = child.path("properties").size() > 0 && SettingsCheck.types(child).contains("object");
            JsonNode items = child.path("items");
            if (!isSection) {
                row(md, key, child, required.contains(e.getKey()));
            }
            if (isSection) {
                rows(md, child, key, Set.of(), Set.copyOf(requiredOf(child)));
            } else if (items.path("properties").size() > 0) {
                rows(md, items, key + "[]", Set.of(), Set.copyOf(requiredOf(items)));
            }
        });
    }

    private static void row(StringBuilder md, String key, JsonNode schema, boolean required) {
        String meaning = flat(schema.path("description").asText(""));
        if (required) {
            meaning = "**Required.** " + meaning;
        }
        if (schema.path("writeOnly").asBoolean(false)) {
            meaning = meaning + " A secret.";
        }
        if (schema.path("x-path").asBoolean(false)) {
            meaning = meaning + " A path.";
        }
        md.append("| `").append(key).append("` | ").append(type(schema)).append(" | ")
                .append(schema.has("default") ? "`" + defaultText(schema.get("default")) + "`" : "")
                .append(" | ").append(meaning.strip().replace("|", "\\|")).append(" |\n");
    }

    private static String defaultText(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return "[" + String.join(", ", items) + "]";
        }
        return value.isValueNode() ? (value.asText().isEmpty() ? "\"\"" : value.asText()) : value.toString();
    }

    static String type(JsonNode schema) {
        if (schema.has("enum")) {
            List<String> values = new java.util.ArrayList<>();
            schema.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            return "one of " + String.join(", ", values);
        }
        List<String> types = SettingsCheck.types(schema);
        String words = SettingsCheck.expected(schema);
        if (types.contains("array")) {
            JsonNode items = schema.path("items");
            String of = SettingsCheck.types(items).contains("object") ? "sections" : SettingsCheck.types(items).contains("string")
                    ? "texts" : SettingsCheck.expected(items).replaceFirst("^an? ", "") + "s";
            words = "a list of " + of + (types.contains("string") ? ", or one comma-separated text" : "");
        }
        StringBuilder range = new StringBuilder();
        if (schema.has("minimum") && schema.has("maximum")) {
            range.append(schema.get("minimum").asText()).append("..").append(schema.get("maximum").asText());
        } else if (schema.has("minimum")) {
            range.append("≥ ").append(schema.get("minimum").asText());
        } else if (schema.has("exclusiveMinimum")) {
            range.append("> ").append(schema.get("exclusiveMinimum").asText());
            if (schema.has("maximum")) {
                range.append(", ≤ ").append(schema.get("maximum").asText());
            }
        } else if (schema.has("maximum")) {
            range.append("≤ ").append(schema.get("maximum").asText());
        }
        if (schema.has("minLength") && schema.get("minLength").asInt() > 1) {
            range.append(schema.get("minLength").asText()).append("+ characters");
        }
        return (words.isEmpty() ? "any" : words) + (range.isEmpty() ? "" : " (" + range + ")");
    }

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
