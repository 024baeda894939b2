package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.WriteOrder.Locked;
import io.polyface.engine.local.WriteOrder.Pending;
import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.Ids;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores new faces, enrolled from images or given as vectors, in the {@link WriteOrder}: faces
 * first, then the collection's version, then the index. Called under the collection's lock.
 */
final class FaceWriter {

    /** The box of a face given as a vector without one. */
    static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);

    /** The image id of a face given as a vector: it has none. */
    static final String NO_IMAGE = "";

    private final MongoFaceStore store;
    private final IndexRuntime indexes;
    private final AtomicLong lastSeq = new AtomicLong();

    FaceWriter(MongoFaceStore store, IndexRuntime indexes) {
        this.store = requireNonNull(store, "store is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
    }

    /** Stores the admitted faces (replacing {@code replaced}) with their images, then brings the index in step. */
    List<EnrolOutcome> enrol(CollectionRef ref, Locked locked, List<Analysis> admitted, List<FaceKey> replaced, Instant now) {
        List<FaceRecord> records = new ArrayList<>();
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (Analysis analysis : admitted) {
            switch (analysis) {
                case Analysis.Invalid invalid -> outcomes.add(new EnrolOutcome.Rejected(invalid.reason(), invalid.detected()));
                case Analysis.Valid valid -> {
                    NewFace request = valid.request();
                    // The image is kept so the face can be re-extracted when the models change.
                    String imageId = store.storeImage(ref.tenant(), request.image(), Optional.of(ref.name()));
                    StoredFace face = new StoredFace(request.faceId().orElseGet(Ids::newId), ref, request.tag(),
                            request.description(), request.userData(), valid.face().box(), imageId, now);
                    Embedding embedding = valid.face().embedding();
                    records.add(new FaceRecord(face, nextSeq(now), embedding.vector(), embedding.featureVersion()));
                    outcomes.add(new EnrolOutcome.Enrolled(face,
                            valid.copied() ? Optional.empty() : Optional.of(valid.face())));
                }
            }
        }
        if (!records.isEmpty()) {
            write(ref, locked, records, replaced, now);
        }
        return outcomes;
    }

    /** Stores vector faces (a replaced face keeps its creation time) in the collection's version. */
    List<StoredFace> writeVectors(CollectionRef ref, Locked locked, List<VectorFace> faces,
            Map<String, StoredFace> current, List<FaceKey> replaced, Instant now) {
        String version = locked.record().info().featureVersion();
        List<FaceRecord> records = new ArrayList<>();
        for (VectorFace face : faces) {
            Instant created = Optional.ofNullable(current.get(face.faceId())).map(StoredFace::createdAt).orElse(now);
            StoredFace stored = new StoredFace(face.faceId(), ref, face.tag(), face.description(), face.userData(),
                    face.box().orElse(NO_BOX), NO_IMAGE, created);
            records.add(new FaceRecord(stored, nextSeq(now), face.vector(), version));
        }
        write(ref, locked, records, replaced, now);
        return records.stream().map(FaceRecord::face).toList();
    }

    /** Stores face records (replacing {@code replaced}), makes them durable, then brings the index in step. */
    private void write(CollectionRef ref, Locked locked, List<FaceRecord> records, List<FaceKey> replaced, Instant now) {
        List<String> replacedIds = replaced.stream().map(FaceKey::faceId).toList();
        boolean idsReused = records.stream().anyMatch(r -> replacedIds.contains(r.face().faceId()));
        Pending pending = locked.announce(now);
        long removed;
        if (idsReused) {
            // A new face takes over an old one's id, so the old one must go first.
            removed = store.deleteFaces(ref, replacedIds);
            store.insertFaces(records);
        } else {
            // New faces first: a failure in between leaves the tag with too many faces, never with none.
            store.insertFaces(records);
            removed = store.deleteFaces(ref, replacedIds);
        }
        Set<String> touched = new LinkedHashSet<>(replacedIds);
        records.forEach(r -> touched.add(r.face().faceId()));
        pending.facesChanged(records.size() - removed, touched, now).advance(current -> {
            VectorIndex index = current.orElseGet(() -> new VectorIndex(records.getFirst().embedding().length, indexes));
            index.removeAll(replacedIds);
            for (FaceRecord record : records) {
                index.add(record.face().faceId(), record.face().tag(), record.embedding());
            }
            return Optional.of(index);
        });
        if (!replaced.isEmpty()) {
            WriteOrder.quietly("delete replaced images", () -> store.deleteImages(replaced.stream().map(FaceKey::imageId).toList()));
        }
    }

    /** Creation order across batches and within one, even when the clock stands still. */
    private long nextSeq(Instant now) {
        long floor = now.toEpochMilli() * 1000;
        return lastSeq.updateAndGet(last -> Math.max(last + 1, floor));
    }
}
