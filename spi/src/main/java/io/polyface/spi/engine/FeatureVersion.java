package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * A feature version an engine can extract.
 *
 * @param name as stored with each embedding ("fr-feature-v1")
 * @param description how the embedding is made, for operators
 */
public record FeatureVersion(String name, String description) {
    public FeatureVersion {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
    }
}
