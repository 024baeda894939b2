package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A face held in a collection. Its embedding stays inside the engine.
 *
 * @param imageId the image it was enrolled from; empty for a face given as a vector ({@link VectorFace})
 */
public record StoredFace(
        String faceId,
        CollectionRef collection,
        String tag,
        Optional<String> description,
        Optional<String> userData,
        BoundingBox box,
        String imageId,
        Instant createdAt) {
    public StoredFace {
        requireNonNull(faceId, "faceId is null");
        requireNonNull(collection, "collection is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
        requireNonNull(box, "box is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
