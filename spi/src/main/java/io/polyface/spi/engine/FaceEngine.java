package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The one interface every engine implements, local or remote. Dialects translate their vendor's
 * requests onto these calls and render the results; nothing here speaks a vendor's words.
 *
 * <p>Every method may throw {@link FaceException}: {@link FaceException.BackendUnavailable} when
 * the store or a remote backend cannot be reached, {@link FaceException.NotFound} for unknown
 * collections, and image failures ({@link FaceException.UndecodableImage}, {@link
 * FaceException.NoFace}, {@link FaceException.ImageTooLarge}) wherever an image is taken.
 *
 * <p>Implementations are thread-safe.
 */
public interface FaceEngine extends AutoCloseable {

    /** The engine's name in configuration. */
    String name();

    /** The feature version new collections get when their spec names none. */
    String featureVersion();

    /** Every feature version this engine can extract, the current one included. */
    List<FeatureVersion> featureVersions();

    EngineHealth health();

    // ---- analysis -------------------------------------------------------------------------

    /**
     * All faces in an image, the main face first: the largest box, ties broken by confidence. An
     * image without a face gives an empty list.
     */
    List<DetectedFace> detect(byte[] image);

    /**
     * All faces in an image, the main face first (as {@link #detect}), each with the requested
     * details; parts not requested stay empty and cost nothing. An engine may look harder for small
     * faces here than when it enrols the main face of an image (the local engine adds a pass on
     * tiles of large images).
     */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features);

    /** Compares the main faces of two images. */
    CompareResult compare(byte[] first, byte[] second);

    // ---- images ---------------------------------------------------------------------------

    /** Keeps an image and returns its id. */
    String storeImage(String tenant, byte[] image);

    Optional<byte[]> image(String tenant, String imageId);

    // ---- collections ----------------------------------------------------------------------

    /**
     * Creates a collection.
     *
     * @throws FaceException.AlreadyExists if it exists
     * @throws FaceException.QuotaExceeded if the tenant already owns the most collections allowed
     */
    CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec);

    Optional<CollectionInfo> collection(CollectionRef ref);

    /** The tenant's collections, in order of creation. */
    List<CollectionInfo> collections(String tenant);

    /** Removes every face of a collection and returns how many there were. */
    long clearCollection(CollectionRef ref);

    /** Deletes a collection with all its faces. */
    void deleteCollection(CollectionRef ref);

    /**
     * Replaces a collection's attributes ({@link CollectionSpec#attributes()}).
     *
     * @throws FaceException.NotFound if there is no such collection
     */
    CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes);

    // ---- faces ----------------------------------------------------------------------------

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
    List<StoredFace> facesByTag(CollectionRef ref, String tag);

    /** Deletes every face of a tag and returns how many there were. */
    long deleteFacesByTag(CollectionRef ref, String tag);

    Optional<StoredFace> face(CollectionRef ref, String faceId);

    /** Deletes one face; false when there was none with that id. */
    boolean deleteFace(CollectionRef ref, String faceId);

    /**
     * Changes a stored face's tag, description or user data; its embedding stays.
     *
     * @throws FaceException.NotFound if there is no such collection or face
     * @throws FaceException.QuotaExceeded if the new tag would hold more faces than the collection allows
     */
    StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update);

    /**
     * Copies stored faces into a collection, each on its own as {@link #addFaces} does: a missing
     * source face, a taken id or a full tag rejects that copy only.
     */
    List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies);

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
     */
    default List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        throw new FaceException.Unsupported("faces given as feature vectors");
    }

    /**
     * Replaces stored faces with the given vectors, tags, descriptions, user data and boxes, all or
     * none; each keeps its id.
     *
     * @return the faces as stored now, in the order given
     * @throws FaceException.NotFound if one of the faces is not in the collection
     * @throws FaceException.InvalidArgument as {@link #addVectors}, and for an id given twice
     * @throws FaceException.QuotaExceeded if a tag would hold more faces than the collection allows
     */
    default List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        throw new FaceException.Unsupported("faces given as feature vectors");
    }

    /** A stored face's embedding, for engines and tools that move features around (device sync, migration). */
    Optional<Embedding> embedding(CollectionRef ref, String faceId);

    /**
     * Lists faces in a stable order.
     *
     * @param marker where the previous page ended
     * @param limit the most faces on this page
     */
    Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit);

    // ---- search ---------------------------------------------------------------------------

    /**
     * Searches one or several collections of one tenant, best hits first, scores descending.
     *
     * @throws FaceException.NoFace if the probe image has no face
     */
    SearchResult search(SearchQuery query);

    // ---- feature versions -----------------------------------------------------------------

    /**
     * Starts extracting every face of a collection again from its stored image, in the background:
     * an upgrade when {@code toVersion} differs from the collection's version, a re-run when it is
     * the same. At most one job runs per collection.
     *
     * @throws FaceException.InvalidArgument if the engine has no such version
     * @throws FaceException.AlreadyExists if a job is already running on the collection
     */
    FeatureJob startFeatureJob(CollectionRef ref, String toVersion);

    Optional<FeatureJob> featureJob(String tenant, String jobId);

    /** The tenant's jobs, newest first. */
    List<FeatureJob> featureJobs(String tenant);

    /** How many of a collection's faces still have their image stored. */
    ImageCheck checkImages(CollectionRef ref);

    // ---- records --------------------------------------------------------------------------

    /**
     * Small JSON documents a dialect keeps beside the faces, so that they live (and move) with the
     * engine: settings changed through a vendor API, device sync state, task results. Keys are
     * unique per tenant and kind; a write is durable when the call returns.
     */
    Optional<String> record(String tenant, String kind, String key);

    /** Writes or replaces a record. */
    void putRecord(String tenant, String kind, String key, String json);

    /** Deletes a record; false when there was none. */
    boolean deleteRecord(String tenant, String kind, String key);

    /** All records of a kind, by key. */
    SortedMap<String, String> records(String tenant, String kind);

    // ---- whole tenants --------------------------------------------------------------------

    /**
     * Every tenant that holds anything on this engine: a collection, an image, a record or a
     * feature job. For operators and test set-ups ({@code POST /admin/reset}); engines that cannot
     * list their tenants (a vendor's server) leave the default.
     *
     * @throws FaceException.Unsupported if the engine cannot list them
     */
    default SortedSet<String> tenants() {
        throw new FaceException.Unsupported("listing the tenants of an engine");
    }

    /**
     * Deletes everything a tenant holds: its collections with their faces, its images, records and
     * feature jobs. Not atomic: what other calls write meanwhile may stay. Erasing a tenant that
     * holds nothing removes nothing.
     *
     * @throws FaceException.Unsupported if the engine cannot erase a whole tenant
     */
    default ErasedTenant eraseTenant(String tenant) {
        throw new FaceException.Unsupported("erasing a whole tenant");
    }

    /** Releases the engine's resources. */
    @Override
    void close();
}
