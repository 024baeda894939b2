package io.polyface.toolkit.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A vendor's account shown read-only in the layout that vendor's own dialect keeps on a Polyface
 * engine (collection names, face ids, tags, user data, dialect records), so that {@code polyface
 * migrate} copies it like any engine's data and the dialect on the target answers with the
 * vendor's ids. A connector offers it with {@code layout: dialect}. Reads are the export's; every
 * write, analysis and search is {@link FaceException.Unsupported}.
 */
public interface VendorExport extends VendorEngine {

    /** The failure for a call an export does not answer. */
    private FaceException.Unsupported readOnly(String call) {
        return new FaceException.Unsupported("not supported by this engine: it exports " + apiName()
                + " read-only (layout: dialect), for polyface migrate; " + call + " needs layout: connector");
    }

    /** Every face of a tag, through the listing. */
    @Override
    default List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return FaceListing.all(this::listFaces, ref, Optional.of(tag));
    }

    /** One face, through the listing. */
    @Override
    default Optional<StoredFace> face(CollectionRef ref, String faceId) {
        Optional<String> marker = Optional.empty();
        do {
            Page<StoredFace> page = listFaces(ref, Optional.empty(), marker, FaceListing.PAGE);
            for (StoredFace face : page.items()) {
                if (face.faceId().equals(faceId)) {
                    return Optional.of(face);
                }
            }
            marker = page.nextMarker();
        } while (marker.isPresent());
        return Optional.empty();
    }

    @Override
    default Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(records(tenant, kind).get(key));
    }

    @Override
    default List<DetectedFace> detect(byte[] image) {
        throw readOnly("detection");
    }

    @Override
    default List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        throw readOnly("analysis");
    }

    @Override
    default CompareResult compare(byte[] first, byte[] second) {
        throw readOnly("comparison");
    }

    @Override
    default String storeImage(String tenant, byte[] image) {
        throw readOnly("storing an image");
    }

    @Override
    default CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        throw readOnly("creating a collection");
    }

    @Override
    default long clearCollection(CollectionRef ref) {
        throw readOnly("clearing a collection");
    }

    @Override
    default void deleteCollection(CollectionRef ref) {
        throw readOnly("deleting a collection");
    }

    @Override
    default CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        throw readOnly("changing a collection");
    }

    @Override
    default List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        throw readOnly("enrolling");
    }

    @Override
    default List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        throw readOnly("enrolling");
    }

    @Override
    default long deleteFacesByTag(CollectionRef ref, String tag) {
        throw readOnly("deleting faces");
    }

    @Override
    default boolean deleteFace(CollectionRef ref, String faceId) {
        throw readOnly("deleting faces");
    }

    @Override
    default StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        throw readOnly("changing a face");
    }

    @Override
    default List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        throw readOnly("copying faces");
    }

    @Override
    default Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        throw readOnly("reading embeddings");
    }

    @Override
    default SearchResult search(SearchQuery query) {
        throw readOnly("searching");
    }

    @Override
    default void putRecord(String tenant, String kind, String key, String json) {
        throw readOnly("writing records");
    }

    @Override
    default boolean deleteRecord(String tenant, String kind, String key) {
        throw readOnly("deleting records");
    }
}
