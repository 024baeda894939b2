package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.Optional;

/**
 * What a connector keeps about a face that its vendor cannot hold, beside the vendor's own id of the
 * face: the face's Polyface id (the caller's, else the vendor's id), tag, description, user data,
 * image id, box and time. The vendor stays the truth for which faces a collection holds; the index
 * only names them.
 *
 * @param backendId the vendor's id of the face (a FacePass face_token, a SenseTime face_id)
 */
public record IndexedFace(String faceId, String backendId, String tag, Optional<String> description, Optional<String> userData,
        String imageId, BoundingBox box, Instant createdAt) {
    private static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);

    public IndexedFace {
        requireNonNull(faceId, "faceId is null");
        requireNonNull(backendId, "backendId is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
        requireNonNull(imageId, "imageId is null");
        requireNonNull(box, "box is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** A face the index does not know (another client added it): shown under the vendor's id, as id and tag. */
    public static IndexedFace unknown(String backendId) {
        return new IndexedFace(backendId, backendId, backendId, Optional.empty(), Optional.empty(), "", NO_BOX, Instant.EPOCH);
    }

    /** The face as the engine reports it, in a collection. */
    public StoredFace stored(CollectionRef collection) {
        return new StoredFace(faceId, collection, tag, description, userData, box, imageId, createdAt);
    }
}
