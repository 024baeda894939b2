package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A face given as its feature vector, with no image: for clients that extract features themselves
 * and load them (a vendor's raw-feature API). The vector is taken as given, not normalised, and is
 * read as one of the collection's feature version; searches score it by inner product like any
 * stored embedding.
 *
 * @param faceId the face's id, chosen by the caller
 * @param box where the face was in the caller's image, if the caller says
 */
public record VectorFace(
        String faceId,
        String tag,
        Optional<String> description,
        Optional<String> userData,
        Optional<BoundingBox> box,
        float[] vector) {

    public VectorFace {
        requireNonNull(faceId, "faceId is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(description, "description is null");
        requireNonNull(userData, "userData is null");
        requireNonNull(box, "box is null");
        requireNonNull(vector, "vector is null");
        vector = vector.clone();
    }

    public static VectorFace of(String faceId, String tag, float[] vector) {
        return new VectorFace(faceId, tag, Optional.empty(), Optional.empty(), Optional.empty(), vector);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }
}
