package io.polyface.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The configuration in force, as YAML, for {@code polyface config show}: every key with the value
 * it takes (the file's, else a default), secrets masked. A secret is a key its schema marks
 * {@code writeOnly}, or whose name says it is one (secret, token, password, credential), and the
 * user-information part of any URI ({@code mongodb://user:password@host}).
 */
public final class EffectiveSettings {
    static final String MASK = "********";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|token|password|passwd|credential|private-key).*");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private EffectiveSettings() {
    }

    /** The configuration, typed by its schema and masked, as YAML. */
    public static String yaml(ConfigLoader.Loaded loaded) {
        JsonNode shown = masked(SettingsCheck.typed(loaded.tree(), loaded.schema()), loaded.schema(), "");
        try {
            return YAML.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }

    static JsonNode masked(JsonNode node, JsonNode schema, String name) {
        if (node.isObject()) {
            // In the schema's order (as the reference lists them), keys it does not know after.
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            schema.path("properties").fieldNames().forEachRemaining(key -> {
                if (node.has(key)) {
                    copy.set(key, masked(node.get(key), child(schema, key), key));
                }
            });
            java.util.Set<String> rest = new java.util.TreeSet<>();
            node.fieldNames().forEachRemaining(rest::add);
            rest.forEach(key -> {
                if (!copy.has(key)) {
                    copy.set(key, masked(node.get(key), child(schema, key), key));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(masked(item, schema.path("items"), name)));
            return copy;
        }
        if (node.isNull() || node.asText().isEmpty()) {
            return node;
        }
        if (schema.path("writeOnly").asBoolean(false) || SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            return JsonNodeFactory.instance.textNode(MASK);
        }
        return node.isTextual() ? JsonNodeFactory.instance.textNode(withoutCredentials(node.asText())) : node;
    }

    private static JsonNode child(JsonNode schema, String name) {
        if (schema.path("properties").has(name)) {
            return schema.path("properties").get(name);
        }
        return schema.path("additionalProperties").isObject() ? schema.get("additionalProperties") : JsonNodeFactory.instance.objectNode();
    }

    /** {@code mongodb://app:pw@db1,db2/x} as {@code mongodb://********@db1,db2/x}. */
    static String withoutCredentials(String value) {
        int scheme = value.indexOf("://");
        if (scheme < 1 || !value.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return value;
        }
        int authorityEnd = value.indexOf('/', scheme + 3);
        String authority = authorityEnd < 0 ? value.substring(scheme + 3) : value.substring(scheme + 3, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        return value.substring(0, scheme + 3) + MASK + value.substring(scheme + 3 + at);
    }
}
