package io.polyface.toolkit.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.util.List;
import java.util.Optional;

/**
 * A vendor's account shown read-only in the layout that vendor's own dialect keeps on a Polyface
 * engine (collection names, face ids, tags, user data, dialect records), so that {@code polyface
 * migrate} copies it like any engine's data and the dialect on the target answers with the
 * vendor's ids. A connector offers it with {@code layout: dialect}. Reads are the export's; every
 * write, analysis and search is {@link FaceException.Unsupported}.
 */
public interface VendorExport extends VendorEngine {

    /** The failure for every call an export does not answer: writes, analysis and search. */
    @Override
    default FaceException.Unsupported unsupported(String what) {
        return new FaceException.Unsupported("not supported by this engine: it exports " + apiName()
                + " read-only (layout: dialect), for polyface migrate; " + what + " needs layout: connector");
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
    default CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        throw unsupported("creating a collection");
    }

    @Override
    default long clearCollection(CollectionRef ref) {
        throw unsupported("clearing a collection");
    }

    @Override
    default void deleteCollection(CollectionRef ref) {
        throw unsupported("deleting a collection");
    }

    @Override
    default List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        throw unsupported("enrolling");
    }

    @Override
    default List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        throw unsupported("enrolling");
    }

    @Override
    default long deleteFacesByTag(CollectionRef ref, String tag) {
        throw unsupported("deleting faces");
    }

    @Override
    default SearchResult search(SearchQuery query) {
        throw unsupported("searching");
    }

}
