package io.polyface.toolkit.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The skeleton of a connector whose vendor holds only its own ids of a collection's faces, so that
 * the connector names them from its index of {@link IndexedFace}s: listing is cut from the whole
 * collection, and face ids are checked against the index before a face is enrolled or copied.
 */
public abstract class IndexedConnector extends VendorConnector {

    /** Makes one copy whose source exists and whose new id is free. */
    @FunctionalInterface
    protected interface CopyMaker {
        EnrolOutcome copy(FaceCopy copy, StoredFace source, String faceId);
    }

    /** @param tenant the one tenant the backend's namespace serves */
    protected IndexedConnector(ConnectorContext context, Vendor vendor, String tenant) {
        super(context, vendor, tenant);
    }

    /** Every face the vendor holds in the collection, named from the index, sorted by face id. */
    protected abstract List<StoredFace> present(CollectionRef ref);

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return present(ref).stream().filter(f -> f.tag().equals(tag)).toList();
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        checkTenant(ref.tenant());
        return FaceListing.page(present(ref), tag, marker, limit);
    }

    /**
     * Enrols faces one by one: a face whose id repeats an earlier one of the call, or one the
     * collection has ({@code taken}), is refused with {@link FaceException.AlreadyExists}.
     */
    protected static List<EnrolOutcome> enrolEach(List<NewFace> faces, Predicate<String> taken, Function<NewFace, EnrolOutcome> enrol) {
        List<EnrolOutcome> outcomes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (NewFace face : faces) {
            if (face.faceId().isPresent() && (!ids.add(face.faceId().get()) || taken.test(face.faceId().get()))) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(FaceException.Resource.FACE, face.faceId().get())));
                continue;
            }
            outcomes.add(enrol.apply(face));
        }
        return outcomes;
    }

    /**
     * Makes copies one by one: a copy whose source face is missing is refused with {@link
     * FaceException.NotFound}, one whose new id the target has ({@code taken}) or that would be its
     * own source with {@link FaceException.AlreadyExists}.
     */
    protected final List<EnrolOutcome> copyEach(CollectionRef target, List<FaceCopy> copies, Predicate<String> taken, CopyMaker make) {
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (FaceCopy copy : copies) {
            Optional<StoredFace> source = face(copy.source(), copy.sourceFaceId());
            if (source.isEmpty()) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NotFound(FaceException.Resource.FACE, copy.sourceFaceId())));
                continue;
            }
            String faceId = copy.faceId().orElse(copy.sourceFaceId());
            if (taken.test(faceId) || (target.name().equals(copy.source().name()) && faceId.equals(copy.sourceFaceId()))) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(FaceException.Resource.FACE, faceId)));
                continue;
            }
            outcomes.add(make.copy(copy, source.get(), faceId));
        }
        return outcomes;
    }
}
