package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

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
 */
public record CollectionSpec(OptionalLong capacity, OptionalInt maxFacesPerTag, OptionalInt maxCollectionsPerTenant) {
    public CollectionSpec {
        requireNonNull(capacity, "capacity is null");
        requireNonNull(maxFacesPerTag, "maxFacesPerTag is null");
        requireNonNull(maxCollectionsPerTenant, "maxCollectionsPerTenant is null");
    }

    public static CollectionSpec unlimited() {
        return new CollectionSpec(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
    }
}
