package io.polyface.engine.testing;

/**
 * The optional behaviours of a {@link io.polyface.spi.engine.FaceEngine} that {@link
 * FaceEngineContract} checks: an engine either has one, and the contract checks that it works, or
 * lacks it, and the contract checks that its calls fail with {@link
 * io.polyface.spi.FaceException.Unsupported}.
 */
public enum EngineBehavior {
    /** {@code updateCollection}: a collection's attributes change after creation. */
    COLLECTION_ATTRIBUTES,
    /** {@code clearCollection}. */
    CLEAR_COLLECTION,
    /** {@code compare}: two images' main faces, one to one. */
    COMPARE,
    /** {@code storeImage} and {@code image}. */
    STORED_IMAGES,
    /** {@code updateFace}. */
    UPDATE_FACE,
    /** {@code replaceFaces}. */
    REPLACE_FACES,
    /** {@code copyFaces}. */
    COPY_FACES,
    /** {@code addVectors} and {@code replaceVectors}. */
    VECTORS,
    /** {@code embedding}: a stored face's feature vector is given out. */
    EMBEDDINGS,
    /** A collection's {@code maxFacesPerTag} is enforced by the engine. */
    FACES_PER_TAG_LIMIT,
    /** {@code startFeatureJob} and {@code checkImages}. */
    FEATURE_JOBS,
    /** Dialect records ({@code record}, {@code putRecord}, {@code deleteRecord}, {@code records}). */
    RECORDS,
    /** {@code tenants} and {@code eraseTenant}. */
    TENANTS
}
