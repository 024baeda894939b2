package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the configuration: the command line's values over the user's file over the embedded
 * {@code polyface-defaults.yaml} over the defaults the schema declares (so a plugin's defaults are
 * its schema's), then checks the result against the schema. Relative paths (the keys marked
 * {@code x-path}) are resolved against the user's directory.
 */
public final class ConfigLoader {
    static final String DEFAULTS = "polyface-defaults.yaml";

    private ConfigLoader() {
    }

    /** A configuration read, with its schema and whatever is wrong with it. */
    public record Loaded(Config config, JsonNode tree, ObjectNode schema, List<SettingsCheck.Problem> problems) {
        public Loaded {
            requireNonNull(config, "config is null");
            requireNonNull(tree, "tree is null");
            requireNonNull(schema, "schema is null");
            problems = List.copyOf(requireNonNull(problems, "problems is null"));
        }
    }

    /** The configuration, or a {@link StartupException} naming every problem with its file and line. */
    public static Config load(GatewayOptions options) {
        Loaded loaded = read(options, SettingsSchema.discover());
        if (!loaded.problems().isEmpty()) {
            throw new StartupException(describe(loaded.problems()));
        }
        return loaded.config();
    }

    /** The problems as one message: the problem itself when there is one, else a list. */
    public static String describe(List<SettingsCheck.Problem> problems) {
        if (problems.size() == 1) {
            return problems.getFirst().toString();
        }
        StringBuilder text = new StringBuilder("the configuration has " + problems.size() + " problems:");
        problems.forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }

    /** Reads and checks the configuration; only an unreadable file stops it. */
    public static Loaded read(GatewayOptions options, SettingsSchema schema) {
        Map<String, String> overrides = new HashMap<>(options.overrides());
        options.port().ifPresent(p -> overrides.put("server.port", Integer.toString(p)));
        options.dataDirectory().ifPresent(d -> overrides.put("data-dir", d.toString()));
        Map<String, Integer> lines = options.configFile().map(ConfigLoader::lines).orElse(Map.of());

        Config first = build(overrides, Map.of(), options.configFile(), Map.of());
        JsonNode firstTree = SettingsTrees.tree(first);
        ObjectNode instantiated = schema.instantiate(firstTree);
        Map<String, String> schemaDefaults = defaults(instantiated, firstTree);
        Config withDefaults = build(overrides, Map.of(), options.configFile(), schemaDefaults);
        Map<String, String> paths = resolvedPaths(instantiated, SettingsTrees.tree(withDefaults));
        Config config = paths.isEmpty() ? withDefaults : build(overrides, paths, options.configFile(), schemaDefaults);
        JsonNode tree = SettingsTrees.tree(config);

        Set<String> defaultKeys = SettingsTrees.leaves(SettingsTrees.tree(build(Map.of(), Map.of(), Optional.empty(), Map.of())))
                .keySet();
        String file = options.configFile().map(UserDirectory::display).orElse("");
        List<SettingsCheck.Problem> problems = SettingsCheck.check(instantiated, tree, path -> {
            if (overrides.keySet().stream().anyMatch(k -> k.equals(path) || k.startsWith(path + "."))) {
                return "the command line";
            }
            Integer line = lines.get(path);
            if (line != null) {
                return file + " line " + line;
            }
            return defaultKeys.contains(path) ? "the built-in defaults (" + DEFAULTS + ")" : "the plugins' declared defaults";
        });
        return new Loaded(config, tree, instantiated, problems);
    }

    private static Map<String, Integer> lines(Path file) {
        if (!Files.isReadable(file)) {
            throw new StartupException("The configuration file " + UserDirectory.display(file) + " cannot be read.");
        }
        Optional<String> syntax = SettingsTrees.syntaxProblem(file);
        if (syntax.isPresent()) {
            throw new StartupException(UserDirectory.display(file) + " " + syntax.get());
        }
        try {
            return SettingsTrees.lines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Config build(Map<String, String> overrides, Map<String, String> paths, Optional<Path> file,
            Map<String, String> schemaDefaults) {
        Config.Builder builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides))
                .addSource(ConfigSources.create(paths));
        file.ifPresent(f -> builder.addSource(ConfigSources.file(f)));
        builder.addSource(ConfigSources.classpath(DEFAULTS));
        builder.addSource(ConfigSources.create(schemaDefaults));
        Config config = builder.build();
        try {
            // Read every key once so that a malformed file fails here, with its name, not later.
            config.traverse().forEach(node -> { });
        } catch (io.helidon.config.ConfigException e) {
            throw new StartupException("The configuration cannot be read: " + e.getMessage(), e);
        }
        return config;
    }

    /**
     * The scalar defaults of the schema for the sections in use: the gateway's keys, the enabled
     * dialects' and the configured engines'. Lists' items have none.
     */
    static Map<String, String> defaults(JsonNode schema, JsonNode configuration) {
        Map<String, String> defaults = new LinkedHashMap<>();
        JsonNode listed = configuration.path("dialects").path("enabled");
        Set<String> enabled = new java.util.HashSet<>();
        listed.forEach(id -> enabled.add(id.asText()));
        // Without dialects.enabled every dialect found is served, so every dialect's defaults apply.
        collectDefaults(schema, "", defaults, path -> !path.startsWith("dialects.") || path.equals("dialects.enabled")
                || listed.isMissingNode() || enabled.contains(path.split("\\.")[1]));
        return defaults;
    }

    private static void collectDefaults(JsonNode schema, String path, Map<String, String> defaults,
            java.util.function.Predicate<String> wanted) {
        JsonNode value = schema.get("default");
        if (!path.isEmpty() && value != null && value.isValueNode() && wanted.test(path)) {
            defaults.put(path, value.asText());
        }
        schema.path("properties").properties().forEach(e ->
                collectDefaults(e.getValue(), SettingsTrees.join(path, e.getKey()), defaults, wanted));
    }

    /** The values of path keys ({@code x-path: true}) made absolute against the user's directory. */
    private static Map<String, String> resolvedPaths(JsonNode schema, JsonNode configuration) {
        Map<String, String> resolved = new HashMap<>();
        SettingsTrees.leaves(configuration).forEach((path, value) -> {
            String text = value.asText();
            if (!text.isBlank() && SettingsCheck.node(schema, path).path("x-path").asBoolean(false)
                    && !Path.of(text).isAbsolute()) {
                resolved.put(path, UserDirectory.resolve(text).toString());
            }
        });
        return resolved;
    }
}
