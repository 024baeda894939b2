package io.polyface.engine.local;

import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which faces of a batch a collection takes: face ids, capacity and per-tag limits applied in
 * order, counting what it has already let in. Used under the collection's lock.
 */
final class Admission {
    private final MongoFaceStore store;
    private final CollectionRef ref;
    private final CollectionSpec spec;
    private final Map<String, Long> tagCounts = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private final Set<String> leaving = new HashSet<>();
    private long faceCount;
    private boolean tagLimit = true;

    Admission(MongoFaceStore store, CollectionRef ref, CollectionRecord record, long faceCount) {
        this.store = store;
        this.ref = ref;
        this.spec = record.spec();
        this.faceCount = faceCount;
    }

    /** An admission into the collection as it is now. */
    static Admission of(MongoFaceStore store, CollectionRef ref, CollectionRecord record) {
        return new Admission(store, ref, record, faceCount(store, ref, record));
    }

    void ignoreTagLimit() {
        tagLimit = false;
    }

    /** Faces the write removes, whose ids may be taken again. */
    void replacing(List<String> faceIds) {
        leaving.addAll(faceIds);
    }

    Analysis admit(Analysis analysis) {
        if (!(analysis instanceof Analysis.Valid valid)) {
            return analysis;
        }
        Optional<String> id = valid.request().faceId();
        if (id.isPresent() && (!ids.add(id.get())
                || (!leaving.contains(id.get()) && store.face(ref, id.get()).isPresent()))) {
            return new Analysis.Invalid(new FaceException.AlreadyExists(Resource.FACE, id.get()));
        }
        if (spec.capacity().isPresent() && faceCount >= spec.capacity().getAsLong()) {
            long capacity = spec.capacity().getAsLong();
            return new Analysis.Invalid(new FaceException.QuotaExceeded(
                    Quota.COLLECTION_CAPACITY, capacity, "collection " + ref + " is full at " + capacity + " faces"));
        }
        String tag = valid.request().tag();
        if (tagLimit && spec.maxFacesPerTag().isPresent()) {
            int max = spec.maxFacesPerTag().getAsInt();
            long count = tagCounts.computeIfAbsent(tag, t -> store.countFacesByTag(ref, t));
            if (count >= max) {
                return new Analysis.Invalid(tooManyForTag(tag, max));
            }
            tagCounts.put(tag, count + 1);
        }
        faceCount++;
        return analysis;
    }

    /**
     * The count capacity is checked against: counted afresh when there is a capacity, since the
     * stored counter can lag behind after a write that failed part-way.
     */
    static long faceCount(MongoFaceStore store, CollectionRef ref, CollectionRecord record) {
        return record.spec().capacity().isPresent() ? store.countFaces(ref) : record.info().faceCount();
    }

    /** Whether each tag, less the faces leaving it, can take the batch's faces. */
    static void checkTagLimit(MongoFaceStore store, CollectionRef ref, CollectionSpec spec, Map<String, Long> arriving,
            Map<String, Long> leaving) {
        if (spec.maxFacesPerTag().isEmpty()) {
            return;
        }
        int max = spec.maxFacesPerTag().getAsInt();
        arriving.forEach((tag, count) -> {
            if (store.countFacesByTag(ref, tag) - leaving.getOrDefault(tag, 0L) + count > max) {
                throw tooManyForTag(tag, max);
            }
        });
    }

    static FaceException tooManyForTag(String tag, int max) {
        return new FaceException.QuotaExceeded(Quota.FACES_PER_TAG, max, "tag " + tag + " would have more than " + max + " faces");
    }
}
