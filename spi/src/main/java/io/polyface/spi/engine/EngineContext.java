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
 * @param records the gateway's database for an engine without one (a remote engine's connector
 *     keeping the ids its backend cannot hold); empty when the gateway has none
 */
public record EngineContext(String name, Map<String, String> settings, Path dataDirectory, Clock clock,
        Optional<RecordStore> records) {
    public EngineContext {
        requireNonNull(name, "name is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(records, "records is null");
    }

    /** A context without the gateway's database. */
    public EngineContext(String name, Map<String, String> settings, Path dataDirectory, Clock clock) {
        this(name, settings, dataDirectory, clock, Optional.empty());
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
