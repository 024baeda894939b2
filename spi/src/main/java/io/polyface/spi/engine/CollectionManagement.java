package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The part of a {@link FaceEngine} that creates, lists, changes and deletes collections. */
public interface CollectionManagement extends EngineCapability {

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
    default CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        throw unsupported("collection attributes");
    }
}
