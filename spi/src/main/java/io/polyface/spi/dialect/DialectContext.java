package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a dialect provider gets to build its dialect: narrow on purpose.
 *
 * @param settings the dialect's configuration, flattened to dotted lower-case keys
 * @param defaultTenant the tenant for requests that carry no credential
 * @param images fetches images named by URL, with the operator's limits and address rules
 */
public record DialectContext(
        EngineRouter engines, Map<String, String> settings, String defaultTenant, Clock clock, ImageFetcher images) {
    public DialectContext {
        requireNonNull(images, "images is null");
        requireNonNull(engines, "engines is null");
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        requireNonNull(defaultTenant, "defaultTenant is null");
        requireNonNull(clock, "clock is null");
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
