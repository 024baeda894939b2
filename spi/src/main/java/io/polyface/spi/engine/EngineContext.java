package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What an engine provider gets to build an engine.
 *
 * @param name the engine's name in configuration
 * @param settings the engine's configuration, flattened to dotted lower-case keys
 * @param dataDirectory where the engine may keep files of its own
 */
public record EngineContext(String name, Map<String, String> settings, Path dataDirectory, Clock clock) {
    public EngineContext {
        requireNonNull(name, "name is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(clock, "clock is null");
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
