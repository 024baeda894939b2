package io.polyface.engine.testing;

/**
 * The optional behaviours of a {@link io.polyface.spi.engine.FaceEngine} that {@link
 * FaceEngineContract} checks: an engine either has one, and the contract checks that it works, or
 * lacks it, and the contract checks that its calls fail with {@link
 * io.polyface.spi.FaceException.Unsupported}. The last four are details of an answer that a
 * vendor's API may not give; without them the contract checks that the answer is sound without
 * the detail.
 */
public enum EngineBehavior {
    /**
     * Any tenant name is served, each apart from the others. Without it the engine serves one
     * tenant ({@link FaceEngineContract#servedTenant()}), and the contract deletes that tenant's
     * collections after each test.
     */
    ANY_TENANT,
    /** A collection keeps the attributes it was created with, and {@code updateCollection} changes them. */
    COLLECTION_ATTRIBUTES,
    /**
     * Faces are kept one by one: a caller may choose a face's id, and faces are looked up, listed
     * and deleted by id and listed by tag. Without it (an API that keeps features per person) the
     * contract tells search hits apart by tag.
     */
    FACE_IDS,
    /** {@code clearCollection}. */
    CLEAR_COLLECTION,
    /** {@code detect} and {@code analyze} on their own, outside an enrolment or a search. */
    DETECTION,
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
    /** {@code embedding}: a stored face's feature vector is given out, and searches take an embedding or a stored face as probe. */
    EMBEDDINGS,
    /** A face keeps the user data it was given, whatever its form. */
    USER_DATA,
    /** A collection's {@code maxFacesPerTag} is enforced by the engine; without it such a collection is refused. */
    FACES_PER_TAG_LIMIT,
    /** {@code startFeatureJob} and {@code checkImages}. */
    FEATURE_JOBS,
    /** Dialect records ({@code record}, {@code putRecord}, {@code deleteRecord}, {@code records}). */
    RECORDS,
    /** {@code tenants} and {@code eraseTenant}. */
    TENANTS,
    /** A search by image reports the face it found in the probe ({@code SearchResult.probeFace}). */
    PROBE_FACE,
    /** A search gives up to {@code topK} faces of a collection; without it, the best face of each collection (FacePass's search). */
    SEVERAL_HITS_PER_COLLECTION,
    /**
     * {@code distinctTags} gives each tag once, up to {@code topK} hits. Without it a search still
     * ranks the best match first and finds only faces of the collection.
     */
    DISTINCT_TAGS,
    /** A rejected enrolment says why (a taken face id is {@code AlreadyExists}), not only that it was rejected. */
    REJECTION_REASONS
}
