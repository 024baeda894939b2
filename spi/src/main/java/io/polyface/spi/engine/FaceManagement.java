package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.List;
import java.util.Optional;

/**
 * The part of a {@link FaceEngine} that enrols, lists, changes and deletes the faces of a
 * collection. Enrolling, replacing and deleting a tag's faces are required; looking faces up,
 * listing, changing, copying them, their embeddings, and faces given as feature vectors ({@link
 * #addVectors}, {@link #replaceVectors}) are optional.
 */
public interface FaceManagement extends EngineCapability {

    /**
     * Enrols the main face of each image. Each face succeeds or fails on its own: an image without
     * a face, or one that would take its tag over the collection's limit, is rejected and the
     * others still go in.
     */
    List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces);

    /**
     * Replaces all faces of a tag with new ones, atomically: when no new face can be enrolled, or
     * they would be more than the collection allows per tag, nothing changes.
     *
     * @return one outcome per new face; faces of the tag stay as they were unless one is {@code
     *     Enrolled}
     * @throws FaceException.NotFound if the tag has no face in the collection
     */
    List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces);

    /** The faces of one tag, oldest first. */
    default List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        throw unsupported("listing of a tag's faces");
    }

    /** Deletes every face of a tag and returns how many there were. */
    long deleteFacesByTag(CollectionRef ref, String tag);

    default Optional<StoredFace> face(CollectionRef ref, String faceId) {
        throw unsupported("lookup of a face by id");
    }

    /** Deletes one face; false when there was none with that id. */
    default boolean deleteFace(CollectionRef ref, String faceId) {
        throw unsupported("deletion of one face");
    }

    /**
     * Changes a stored face's tag, description or user data; its embedding stays.
     *
     * @throws FaceException.NotFound if there is no such collection or face
     * @throws FaceException.QuotaExceeded if the new tag would hold more faces than the collection allows
     */
    default StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        throw unsupported("changes to a stored face");
    }

    /**
     * Copies stored faces into a collection, each on its own as {@link #addFaces} does: a missing
     * source face, a taken id or a full tag rejects that copy only.
     */
    default List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        throw unsupported("copying of faces between collections");
    }

    /**
     * Enrols faces given as feature vectors, with no image, all or none: when one cannot go in,
     * nothing is stored. A face given without a box is stored with an empty box at the origin, and
     * without an image ({@link StoredFace#imageId()} is empty), so a feature job cannot extract it
     * again.
     *
     * @return the stored faces, in the order given
     * @throws FaceException.AlreadyExists if an id is taken in the collection or given twice
     * @throws FaceException.InvalidArgument if a vector is not of the collection's dimension, or
     *     holds a value that is not finite
     * @throws FaceException.QuotaExceeded if the faces would go past the collection's capacity or a
     *     tag's limit
     * @throws FaceException.Unsupported if the engine takes no feature vectors
     */
    default List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        throw unsupported("enrolment by feature vector");
    }

    /**
     * Replaces stored faces with the given vectors, tags, descriptions, user data and boxes, all or
     * none; each keeps its id.
     *
     * @return the faces as stored now, in the order given
     * @throws FaceException.NotFound if one of the faces is not in the collection
     * @throws FaceException.InvalidArgument as {@link #addVectors}, and for an id given twice
     * @throws FaceException.QuotaExceeded if a tag would hold more faces than the collection allows
     * @throws FaceException.Unsupported if the engine takes no feature vectors
     */
    default List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        throw unsupported("enrolment by feature vector");
    }

    /** A stored face's embedding, for engines and tools that move features around (device sync, migration). */
    default Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        throw unsupported("reading of stored embeddings");
    }

    /**
     * Lists faces in a stable order.
     *
     * @param marker where the previous page ended
     * @param limit the most faces on this page
     */
    default Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        throw unsupported("face listing");
    }
}
