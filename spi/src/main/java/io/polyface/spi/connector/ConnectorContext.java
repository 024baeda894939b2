package io.polyface.spi.connector;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.RecordStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a connector gets.
 *
 * @param engineName the engine's name in configuration, which the connected engine reports as its {@code name()}
 * @param baseUrl where the backend listens
 * @param settings the engine's configuration, flattened to dotted lower-case keys (credentials among them)
 * @param timeout how long one attempt may take; the remote engine enforces it as well
 * @param signals where the connector reports what the backend says about its own limits
 * @param records where the connector keeps what its backend cannot hold, so that every gateway node
 *     sees it: the gateway's database, when it has one
 */
public record ConnectorContext(String engineName, URI baseUrl, Map<String, String> settings, Duration timeout, Clock clock,
        BackendSignals signals, Optional<RecordStore> records) {
    public ConnectorContext {
        requireNonNull(engineName, "engineName is null");
        requireNonNull(baseUrl, "baseUrl is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        requireNonNull(timeout, "timeout is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(signals, "signals is null");
        requireNonNull(records, "records is null");
    }

    /** A context without the gateway's database. */
    public ConnectorContext(
            String engineName, URI baseUrl, Map<String, String> settings, Duration timeout, Clock clock, BackendSignals signals) {
        this(engineName, baseUrl, settings, timeout, clock, signals, Optional.empty());
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** A setting the connector cannot work without. */
    public String requiredSetting(String key) {
        return setting(key).filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "engine '" + engineName + "' needs engines." + engineName + "." + key));
    }
}
