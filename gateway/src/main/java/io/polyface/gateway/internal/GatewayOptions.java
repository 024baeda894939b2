package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.gateway.internal.GatewayOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the command line (or a test) says on top of the configuration.
 *
 * @param port the main port, overriding {@code server.port}; 0 picks a free port
 * @param dataDirectory overrides {@code data-dir}
 * @param configFile a YAML file whose keys override the embedded defaults
 * @param overrides further keys, highest precedence (tests use them)
 */
public record GatewayOptions(
        OptionalInt port, Optional<Path> dataDirectory, Optional<Path> configFile, Map<String, String> overrides) {

    public GatewayOptions {
        requireNonNull(port, "port is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(configFile, "configFile is null");
        overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
    }

    public static GatewayOptions defaults() {
        return new GatewayOptions(OptionalInt.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** A gateway on a free port with its data in the given directory, as tests want it. */
    public static GatewayOptions ephemeral(Path dataDirectory) {
        return new GatewayOptions(OptionalInt.of(0), Optional.of(dataDirectory), Optional.empty(), Map.of());
    }

    public GatewayOptions withOverrides(Map<String, String> more) {
        var merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new GatewayOptions(port, dataDirectory, configFile, merged);
    }
}
