package io.polyface.toolkit.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plugin's settings schema ({@code META-INF/polyface/settings/*.yaml}) read for its defaults, so
 * that a plugin's test can prove its settings record defaults to what the schema documents.
 */
public final class SchemaDefaults {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SchemaDefaults() {
    }

    /**
     * Asserts that {@code type}'s defaults are exactly the defaults the schema at {@code resource}
     * declares, but for the keys the plugin reads apart from the record ({@code readElsewhere}).
     */
    public static void assertRecordAgrees(String resource, Class<? extends Record> type, String... readElsewhere) {
        Map<String, String> declared = of(resource);
        List.of(readElsewhere).forEach(declared::remove);
        assertThat(new TreeMap<>(Settings.defaults(type)))
                .as(type.getSimpleName() + "'s defaults are " + resource + "'s")
                .isEqualTo(declared);
    }

    /**
     * Asserts that a vendor plugin's two settings records default to exactly what its schemas
     * {@code dialect-<vendor>.yaml} and {@code connector-<vendor>.yaml} declare.
     */
    public static void assertRecordsAgree(String vendor, Class<? extends Record> dialectSettings,
            Class<? extends Record> connectorSettings) {
        assertRecordAgrees("META-INF/polyface/settings/dialect-" + vendor + ".yaml", dialectSettings);
        assertRecordAgrees("META-INF/polyface/settings/connector-" + vendor + ".yaml", connectorSettings);
    }

    /**
     * Asserts that each of {@code type}'s defaults is the default the schema at {@code resource}
     * declares for its key: for a record that binds only some of the schema's keys.
     */
    public static void assertRecordDefaultsAreDeclared(String resource, Class<? extends Record> type) {
        Map<String, String> declared = of(resource);
        assertThat(Settings.defaults(type)).as(type.getSimpleName() + "'s defaults are " + resource + "'s")
                .allSatisfy((key, value) -> assertThat(declared).containsEntry(key, value));
    }

    /** Every key of the schema with a default, dotted, with the default as text. */
    public static Map<String, String> of(String resource) {
        try (InputStream in = SchemaDefaults.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            Map<String, String> defaults = new TreeMap<>();
            collect(YAML.readTree(in), "", defaults);
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode schema, String prefix, Map<String, String> defaults) {
        schema.path("properties").properties().forEach(property -> {
            String key = prefix + property.getKey();
            JsonNode node = property.getValue();
            if (node.has("default")) {
                defaults.put(key, node.get("default").asText());
            }
            collect(node, key + ".", defaults);
        });
    }
}
