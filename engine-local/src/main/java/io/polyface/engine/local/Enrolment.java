package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.WriteOrder.Locked;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.NewFace;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Faces enrolled from images, given or copied from another collection: analysed before any lock
 * is taken (the models are the slow part), then, under the collection's lock, brought to its
 * feature version, let in by an {@link Admission} and stored by the {@link FaceWriter}. Thread-safe.
 */
final class Enrolment {

    private final MongoFaceStore store;
    private final FaceAnalysis analysis;
    private final WriteOrder writes;
    private final FaceWriter writer;
    private final FaceCopies copies;
    private final Supplier<Instant> now;

    Enrolment(MongoFaceStore store, FaceAnalysis analysis, WriteOrder writes, FaceWriter writer, FaceCopies copies,
            Supplier<Instant> now) {
        this.store = requireNonNull(store, "store is null");
        this.analysis = requireNonNull(analysis, "analysis is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.copies = requireNonNull(copies, "copies is null");
        this.now = requireNonNull(now, "now is null");
    }

    List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        String version = store.requireCollection(ref).info().featureVersion();
        // The models are the slow part: run them before taking any lock.
        List<Analysis> analyses = faces.stream().map(f -> analysis.forEnrolment(f, version)).toList();
        return writes.underLock(ref, locked -> {
            Admission admission = Admission.of(store, ref, locked.record());
            List<Analysis> admitted = inVersionOf(locked, analyses).stream().map(admission::admit).toList();
            return writer.enrol(ref, locked, admitted, List.of(), now.get());
        });
    }

    List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(faces, "faces is null");
        CollectionRecord record = store.requireCollection(ref);
        if (store.countFacesByTag(ref, tag) == 0) {
            throw new FaceException.NotFound(Resource.TAG, tag);
        }
        if (record.spec().maxFacesPerTag().isPresent() && faces.size() > record.spec().maxFacesPerTag().getAsInt()) {
            int max = record.spec().maxFacesPerTag().getAsInt();
            return faces.stream()
                    .map(f -> (EnrolOutcome) new EnrolOutcome.Rejected(Admission.tooManyForTag(tag, max)))
                    .toList();
        }
        List<Analysis> analyses = faces.stream()
                .map(f -> f.tag().equals(tag) ? f : f.withTag(tag))
                .map(f -> analysis.forEnrolment(f, record.info().featureVersion()))
                .toList();
        return writes.underLock(ref, locked -> {
            CollectionRecord current = locked.record();
            List<FaceKey> old = store.faceKeysByTag(ref, tag);
            if (old.isEmpty()) {
                throw new FaceException.NotFound(Resource.TAG, tag);
            }
            if (analyses.stream().noneMatch(a -> a instanceof Analysis.Valid)) {
                return Analysis.outcomesOf(analyses);
            }
            // The tag's old faces make room: only capacity applies, the per-tag limit was checked above.
            Admission admission = new Admission(store, ref, current, Admission.faceCount(store, ref, current) - old.size());
            admission.ignoreTagLimit();
            admission.replacing(old.stream().map(FaceKey::faceId).toList());
            List<Analysis> admitted = inVersionOf(locked, analyses).stream().map(admission::admit).toList();
            if (admitted.stream().noneMatch(a -> a instanceof Analysis.Valid)) {
                return Analysis.outcomesOf(admitted);
            }
            return writer.enrol(ref, locked, admitted, old, now.get());
        });
    }

    List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        requireNonNull(target, "target is null");
        requireNonNull(copies, "copies is null");
        String version = store.requireCollection(target).info().featureVersion();
        List<Analysis> analyses = copies.stream().map(c -> this.copies.prepare(target, c, version)).toList();
        return writes.underLock(target, locked -> {
            Admission admission = Admission.of(store, target, locked.record());
            List<Analysis> admitted = inVersionOf(locked, analyses).stream().map(admission::admit).toList();
            return writer.enrol(target, locked, admitted, List.of(), now.get());
        });
    }

    private List<Analysis> inVersionOf(Locked locked, List<Analysis> analyses) {
        return analysis.inVersion(locked.record().info().featureVersion(), analyses);
    }
}
