package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A collection as stored.
 *
 * @param spec as created, its feature version filled in, with the latest attributes
 * @param version a counter that grows with every change to the collection's faces
 */
public record CollectionInfo(
        CollectionRef ref, CollectionSpec spec, Instant createdAt, Instant updatedAt, long faceCount, long version) {
    public CollectionInfo {
        requireNonNull(ref, "ref is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (spec.featureVersion().isEmpty()) {
            throw new IllegalArgumentException("a stored collection has a feature version");
        }
    }

    /** The feature version of the collection's embeddings. */
    public String featureVersion() {
        return spec.featureVersion().orElseThrow();
    }
}
