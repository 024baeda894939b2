package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A feature version an engine can extract.
 *
 * @param name as stored with each embedding ("fr-feature-v1")
 * @param description how the embedding is made, for operators
 * @param dimension how many floats its embeddings have, when the engine knows
 */
public record FeatureVersion(String name, String description, OptionalInt dimension) {
    public FeatureVersion {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(dimension, "dimension is null");
        if (dimension.isPresent() && dimension.getAsInt() < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension.getAsInt());
        }
    }

    /** A version whose width the engine does not tell (a vendor's server). */
    public FeatureVersion(String name, String description) {
        this(name, description, OptionalInt.empty());
    }
}
