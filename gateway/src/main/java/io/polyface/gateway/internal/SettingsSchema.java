package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.engine.EngineProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schema of the whole configuration: the gateway's own keys and the keys each plugin declares
 * for its dialect, engine type or connector, in {@code META-INF/polyface/settings/<kind>-<name>.yaml}
 * beside its provider (JSON Schema 2020-12 written in YAML). Declaring keys in a resource rather than
 * in code keeps the SPI as it is: a plugin without such a file still works, its keys unchecked.
 *
 * <p>Each file's own {@code $ref}s to its {@code $defs} are resolved when it is read, so the joined
 * schema is plain nesting of {@code properties} and {@code items}. Immutable.
 */
public final class SettingsSchema {
    static final String DIRECTORY = "META-INF/polyface/settings/";
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final ObjectNode gateway;
    private final ObjectNode dialectCommon;
    private final ObjectNode engineCommon;
    private final Map<String, Optional<ObjectNode>> dialects;
    private final Map<String, Optional<ObjectNode>> engineTypes;
    private final Map<String, Optional<ObjectNode>> connectors;

    SettingsSchema(ObjectNode gateway, Map<String, Optional<ObjectNode>> dialects, Map<String, Optional<ObjectNode>> engineTypes,
            Map<String, Optional<ObjectNode>> connectors) {
        ObjectNode root = gateway.deepCopy();
        JsonNode defs = root.remove("$defs");
        this.dialectCommon = (ObjectNode) requireNonNull(defs, "the gateway's schema has no $defs").get("dialect");
        this.engineCommon = (ObjectNode) defs.get("engine");
        this.gateway = root;
        this.dialects = new TreeMap<>(dialects);
        this.engineTypes = new TreeMap<>(engineTypes);
        this.connectors = new TreeMap<>(connectors);
    }

    /** The gateway's schema and the schemas of the plugins on the class path. */
    public static SettingsSchema discover() {
        Map<String, Optional<ObjectNode>> dialects = new TreeMap<>();
        Plugins.discover(DialectProvider.class, DialectProvider::id)
                .forEach((id, p) -> dialects.put(id, read(p.getClass(), "dialect-" + id)));
        Map<String, Optional<ObjectNode>> engines = new TreeMap<>();
        Plugins.discover(EngineProvider.class, EngineProvider::type)
                .forEach((type, p) -> engines.put(type, read(p.getClass(), "engine-" + type)));
        Map<String, Optional<ObjectNode>> connectors = new TreeMap<>();
        Plugins.discover(ConnectorProvider.class, ConnectorProvider::id)
                .forEach((id, p) -> connectors.put(id, read(p.getClass(), "connector-" + id)));
        ObjectNode gateway = read(SettingsSchema.class, "gateway").orElseThrow(() -> new IllegalStateException(
                "the gateway's own settings schema is missing from the class path"));
        return new SettingsSchema(gateway, dialects, engines, connectors);
    }

    /** A plugin's schema file, next to its provider class; empty when it declares none. */
    static Optional<ObjectNode> read(Class<?> owner, String name) {
        String resource = DIRECTORY + name + ".yaml";
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            JsonNode schema = YAML.readTree(in);
            if (!(schema instanceof ObjectNode object)) {
                throw new StartupException(resource + " (of " + owner.getName() + ") is not a schema: it holds no mapping.");
            }
            return Optional.of(inlineReferences(object, object.path("$defs"), resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settings schema " + resource + " of " + owner.getName(), e);
        }
    }

    /** Replaces {@code {$ref: "#/$defs/x", ...}} by a copy of {@code x} with the sibling keywords on top. */
    private static ObjectNode inlineReferences(ObjectNode node, JsonNode defs, String resource) {
        ObjectNode result = node.objectNode();
        JsonNode ref = node.get("$ref");
        if (ref != null) {
            String target = ref.asText();
            if (!target.startsWith("#/$defs/") || !(defs.get(target.substring("#/$defs/".length())) instanceof ObjectNode def)) {
                throw new StartupException(resource + ": $ref " + target + " does not name one of its $defs.");
            }
            result.setAll(inlineReferences(def, defs, resource));
        }
        node.properties().forEach(e -> {
            if (!e.getKey().equals("$ref")) {
                result.set(e.getKey(), inline(e.getValue(), defs, resource));
            }
        });
        return result;
    }

    private static JsonNode inline(JsonNode value, JsonNode defs, String resource) {
        if (value instanceof ObjectNode object) {
            return inlineReferences(object, defs, resource);
        }
        if (value instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(inline(item, defs, resource)));
            return copy;
        }
        return value;
    }

    public Set<String> dialectIds() {
        return dialects.keySet();
    }

    public Set<String> engineTypes() {
        return engineTypes.keySet();
    }

    public Set<String> connectorIds() {
        return connectors.keySet();
    }

    /**
     * The schema of one configuration: every dialect section checked against its plugin's keys, and
     * each engine it configures against the keys of its type (and of the connector it names).
     */
    public ObjectNode instantiate(JsonNode configuration) {
        ObjectNode root = gateway.deepCopy();
        ObjectNode dialectsNode = (ObjectNode) root.path("properties").path("dialects");
        ArrayNode ids = ((ObjectNode) dialectsNode.path("properties").path("enabled").path("items")).putArray("enum");
        dialects.keySet().forEach(ids::add);
        dialects.forEach((id, own) -> ((ObjectNode) dialectsNode.path("properties")).set(id, dialect(id)));

        ObjectNode enginesNode = (ObjectNode) root.path("properties").path("engines");
        enginesNode.set("additionalProperties", engineCommon());
        ObjectNode engineProperties = enginesNode.putObject("properties");
        JsonNode configured = configuration.path("engines");
        for (Iterator<String> names = configured.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode entry = configured.get(name);
            engineProperties.set(name, engine(entry.path("type").asText(""), entry.path("connector").asText("")));
        }
        return root;
    }

    /** The keys of {@code dialects.<id>}: the gateway's (tenant, port) and the plugin's. */
    public ObjectNode dialect(String id) {
        Optional<ObjectNode> own = dialects.getOrDefault(id, Optional.empty());
        return merge(dialectCommon, own);
    }

    /** The keys of an engine of a type, with those of the connector it names when the type takes one. */
    public ObjectNode engine(String type, String connector) {
        Optional<ObjectNode> typeSchema = engineTypes.getOrDefault(type, Optional.empty());
        ObjectNode schema = merge(engineCommon(), typeSchema);
        if (!engineTypes.containsKey(type)) {
            // The type's own error is enough; its other keys cannot be judged.
            schema.put("additionalProperties", true);
            return schema;
        }
        if (schema.path("properties").has("connector")) {
            ArrayNode known = ((ObjectNode) schema.path("properties").path("connector")).putArray("enum");
            connectors.keySet().forEach(known::add);
            Optional<ObjectNode> connectorSchema = connectors.getOrDefault(connector, Optional.empty());
            schema = merge(schema, connectorSchema);
            if (connectorSchema.isEmpty()) {
                schema.put("additionalProperties", true);
            }
        }
        return schema;
    }

    private ObjectNode engineCommon() {
        ObjectNode common = engineCommon.deepCopy();
        ArrayNode known = ((ObjectNode) common.path("properties").path("type")).putArray("enum");
        engineTypes.keySet().forEach(known::add);
        return common;
    }

    /** This schema without the providers that declare no keys. */
    public SettingsSchema declaredOnly() {
        ObjectNode root = gateway.deepCopy();
        ObjectNode defs = root.putObject("$defs");
        defs.set("dialect", dialectCommon);
        defs.set("engine", engineCommon);
        return new SettingsSchema(root, declared(dialects), declared(engineTypes), declared(connectors));
    }

    private static Map<String, Optional<ObjectNode>> declared(Map<String, Optional<ObjectNode>> all) {
        Map<String, Optional<ObjectNode>> declared = new TreeMap<>();
        all.forEach((name, schema) -> schema.ifPresent(s -> declared.put(name, schema)));
        return declared;
    }

    /** Whether a plugin declared the keys of a dialect, engine type or connector. */
    public boolean declares(String kind, String name) {
        Map<String, Optional<ObjectNode>> map = switch (kind) {
            case "dialect" -> dialects;
            case "engine" -> engineTypes;
            case "connector" -> connectors;
            default -> throw new IllegalArgumentException("no kind " + kind);
        };
        return map.getOrDefault(name, Optional.empty()).isPresent();
    }

    /** The gateway's keys alone (dialect and engine sections as the gateway sees them). */
    public ObjectNode gateway() {
        return gateway.deepCopy();
    }

    /** {@code base}'s keys and {@code extra}'s, closed to others when {@code extra} is declared. */
    private static ObjectNode merge(ObjectNode base, Optional<ObjectNode> extra) {
        ObjectNode merged = base.deepCopy();
        merged.put("type", "object");
        if (extra.isEmpty()) {
            merged.put("additionalProperties", true);
            return merged;
        }
        ObjectNode properties = merged.withObject("properties");
        extra.get().path("properties").properties().forEach(e -> properties.set(e.getKey(), e.getValue().deepCopy()));
        Set<String> required = new java.util.LinkedHashSet<>();
        merged.path("required").forEach(r -> required.add(r.asText()));
        extra.get().path("required").forEach(r -> required.add(r.asText()));
        merged.remove("required");
        if (!required.isEmpty()) {
            required.forEach(merged.putArray("required")::add);
        }
        if (extra.get().hasNonNull("description")) {
            merged.set("description", extra.get().get("description"));
        }
        merged.put("additionalProperties", false);
        return merged;
    }
}
