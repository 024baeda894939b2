package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a collection promises when it is created.
 *
 * @param capacity the most faces it may hold, if limited
 * @param maxFacesPerTag the most faces one tag (one person id) may have, if limited; the engine
 *     enforces it atomically
 * @param maxCollectionsPerTenant the most collections the tenant may own, checked atomically when
 *     this one is created, if limited
 * @param featureVersion the feature version of its embeddings; the engine's current one when absent
 * @param attributes the dialect's own small values about the collection (a display name, a vendor's
 *     numeric id, user data); stored and returned as given
 */
public record CollectionSpec(
        OptionalLong capacity,
        OptionalInt maxFacesPerTag,
        OptionalInt maxCollectionsPerTenant,
        Optional<String> featureVersion,
        Map<String, String> attributes) {

    public CollectionSpec {
        requireNonNull(capacity, "capacity is null");
        requireNonNull(maxFacesPerTag, "maxFacesPerTag is null");
        requireNonNull(maxCollectionsPerTenant, "maxCollectionsPerTenant is null");
        requireNonNull(featureVersion, "featureVersion is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    public CollectionSpec(OptionalLong capacity, OptionalInt maxFacesPerTag, OptionalInt maxCollectionsPerTenant) {
        this(capacity, maxFacesPerTag, maxCollectionsPerTenant, Optional.empty(), Map.of());
    }

    public static CollectionSpec unlimited() {
        return new CollectionSpec(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public CollectionSpec withFeatureVersion(String version) {
        return new CollectionSpec(capacity, maxFacesPerTag, maxCollectionsPerTenant, Optional.of(version), attributes);
    }

    public CollectionSpec withAttributes(Map<String, String> newAttributes) {
        return new CollectionSpec(capacity, maxFacesPerTag, maxCollectionsPerTenant, featureVersion, newAttributes);
    }
}
