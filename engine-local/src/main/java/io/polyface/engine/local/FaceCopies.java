package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.StoredFace;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Stored faces made anew from what the store keeps: copies into another collection, and the
 * embeddings of a feature job (each face extracted again from its image, then the switch of the
 * collection to the new version). Thread-safe.
 */
final class FaceCopies {

    private static final System.Logger LOG = System.getLogger(FaceCopies.class.getName());

    private final MongoFaceStore store;
    private final FaceAnalysis analysis;
    private final WriteOrder writes;
    private final Supplier<Instant> clock;

    FaceCopies(MongoFaceStore store, FaceAnalysis analysis, WriteOrder writes, Supplier<Instant> clock) {
        this.store = requireNonNull(store, "store is null");
        this.analysis = requireNonNull(analysis, "analysis is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A stored face made ready to enrol elsewhere: its image, its data and an embedding of the target's version. */
    Analysis prepare(CollectionRef target, FaceCopy copy, String version) {
        requireNonNull(copy, "copy is null");
        try {
            if (!copy.source().tenant().equals(target.tenant())) {
                throw new FaceException.InvalidArgument("source", "faces are copied within one tenant");
            }
            copy.faceId().ifPresent(FaceAnalysis::checkFaceId);
            store.requireCollection(copy.source());
            StoredFace face = store.face(copy.source(), copy.sourceFaceId())
                    .orElseThrow(() -> new FaceException.NotFound(Resource.FACE, copy.sourceFaceId()));
            byte[] image = store.image(target.tenant(), face.imageId())
                    .orElseThrow(() -> new FaceException.NotFound(Resource.IMAGE, face.imageId()));
            NewFace request = new NewFace(image, copy.tag().orElse(face.tag()), face.description(), face.userData(),
                    Optional.of(copy.faceId().orElse(face.faceId())), Optional.of(face.box()), Optional.empty(), Set.of());
            Optional<float[]> vector = store.embedding(copy.source(), copy.sourceFaceId(), version);
            if (vector.isEmpty()) {
                return analysis.reembedCopy(new Analysis.Valid(request, new DetectedFace(face.box(), 1, List.of(),
                        new Embedding(new float[] {1}, "none")), true), version);
            }
            return new Analysis.Valid(request,
                    new DetectedFace(face.box(), 1, List.of(), new Embedding(vector.get(), version)), true);
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    /**
     * Extracts one stored face again from its stored image, in a version, and stores the vector.
     * False when the image is gone or no longer yields the face.
     */
    boolean reextract(CollectionRef ref, StoredFace face, String version) {
        Optional<byte[]> image = store.image(ref.tenant(), face.imageId());
        if (image.isEmpty()) {
            return false;
        }
        Optional<DetectedFace> found = analysis.refind(image.get(), face.box(), version);
        return found.isPresent() && store.putEmbedding(ref, face.faceId(), version, found.get().embedding().vector());
    }

    /**
     * The last step of a feature job, under the collection's lock: extracts the faces enrolled
     * while the job ran and switches the collection to the new version.
     */
    void finishFeatureJob(CollectionRef ref, String fromVersion, String toVersion, Set<String> failedFaceIds) {
        writes.underLock(ref, locked -> {
            boolean switching = !toVersion.equals(fromVersion);
            if (switching) {
                // Faces enrolled while the job ran have only the old version's vector.
                for (MongoFaceStore.FaceSource source : store.faceSources(ref)) {
                    String faceId = source.face().faceId();
                    if (!failedFaceIds.contains(faceId) && store.embedding(ref, faceId, toVersion).isEmpty()) {
                        reextract(ref, source.face(), toVersion);
                    }
                }
            }
            // Every face's vector changed: the next search loads the index afresh, here and on every node.
            long version = locked.reembedded(switching ? Optional.of(toVersion) : Optional.empty(), clock.get()).version();
            LOG.log(Level.INFO, "{0}: now on feature version {1} (collection version {2})", ref, toVersion, version);
            return null;
        });
    }
}
