package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.WriteOrder.Pending;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Changes to stored faces, in the {@link WriteOrder}: a new tag or data, and deletions by id or
 * tag (the images the faces came from go after, best effort). Thread-safe.
 */
final class FaceChanges {

    private final MongoFaceStore store;
    private final WriteOrder writes;
    private final Supplier<Instant> now;

    FaceChanges(MongoFaceStore store, WriteOrder writes, Supplier<Instant> now) {
        this.store = requireNonNull(store, "store is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.now = requireNonNull(now, "now is null");
    }

    StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        requireNonNull(update, "update is null");
        return writes.underLock(ref, locked -> {
            StoredFace before = store.face(ref, faceId).orElseThrow(() -> new FaceException.NotFound(Resource.FACE, faceId));
            boolean retag = update.tag().filter(t -> !t.equals(before.tag())).isPresent();
            if (retag && locked.record().spec().maxFacesPerTag().isPresent()) {
                int max = locked.record().spec().maxFacesPerTag().getAsInt();
                if (store.countFacesByTag(ref, update.tag().get()) >= max) {
                    throw Admission.tooManyForTag(update.tag().get(), max);
                }
            }
            // The index keeps tags for distinct-tag searches: a new tag is a change other nodes apply.
            Pending pending = retag ? locked.announce(now.get()) : locked.unannounced();
            Optional<StoredFace> updated = store.updateFace(ref, faceId, update);
            if (updated.isEmpty()) {
                pending.withdraw();
                throw new FaceException.NotFound(Resource.FACE, faceId);
            }
            StoredFace after = updated.get();
            if (!retag) {
                store.makeDurable();
                return after;
            }
            WriteOrder.Committed committed = pending.facesChanged(0, List.of(faceId), now.get());
            Optional<float[]> vector = store.embedding(ref, faceId, committed.after().info().featureVersion());
            committed.advance(index -> {
                index.ifPresent(i -> {
                    i.remove(faceId);
                    vector.ifPresent(v -> i.add(faceId, after.tag(), v));
                });
                return index;
            });
            return after;
        });
    }

    long deleteFacesByTag(CollectionRef ref, String tag) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        return writes.underLock(ref, locked -> {
            List<FaceKey> keys = store.faceKeysByTag(ref, tag);
            if (keys.isEmpty()) {
                return 0L;
            }
            List<String> ids = keys.stream().map(FaceKey::faceId).toList();
            Pending pending = locked.announce(now.get());
            long removed = store.deleteFaces(ref, ids);
            afterRemoval(pending, removed, ids, keys.stream().map(FaceKey::imageId).toList(), "tag " + tag);
            return removed;
        });
    }

    boolean deleteFace(CollectionRef ref, String faceId) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        return writes.underLock(ref, locked -> {
            Pending pending = locked.announce(now.get());
            Optional<StoredFace> deleted = store.deleteFace(ref, faceId);
            if (deleted.isEmpty()) {
                pending.withdraw();
                return false;
            }
            afterRemoval(pending, 1, List.of(faceId), List.of(deleted.get().imageId()), "face " + faceId);
            return true;
        });
    }

    /** What follows faces deleted from the store: the write's commit, the index, and (best effort) their images. */
    private void afterRemoval(Pending pending, long removed, List<String> faceIds, List<String> imageIds, String what) {
        pending.facesChanged(-removed, faceIds, now.get()).advance(index -> {
            index.ifPresent(i -> i.removeAll(faceIds));
            return index;
        });
        WriteOrder.quietly("delete images of " + what, () -> store.deleteImages(imageIds));
    }
}
