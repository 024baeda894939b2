package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.CollectionIndexes.Loaded;
import io.polyface.engine.local.WriteOrder.Locked;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Faces given as vectors rather than images: checked (see {@link GivenVectors}), held to the
 * collection's capacity and per-tag limits, and stored by the {@link FaceWriter} under the
 * collection's lock. Thread-safe.
 */
final class VectorWrites {

    private final MongoFaceStore store;
    private final FaceAnalysis analysis;
    private final WriteOrder writes;
    private final FaceWriter writer;
    private final Supplier<Instant> now;

    VectorWrites(MongoFaceStore store, FaceAnalysis analysis, WriteOrder writes, FaceWriter writer, Supplier<Instant> now) {
        this.store = requireNonNull(store, "store is null");
        this.analysis = requireNonNull(analysis, "analysis is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.now = requireNonNull(now, "now is null");
    }

    List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        return writes.underLock(ref, locked -> {
            GivenVectors.check(faces, dimensionOf(locked));
            if (faces.isEmpty()) {
                return List.of();
            }
            List<String> ids = faces.stream().map(VectorFace::faceId).toList();
            store.facesById(ref, ids).stream().findFirst().ifPresent(taken -> {
                throw new FaceException.AlreadyExists(Resource.FACE, taken.faceId());
            });
            CollectionSpec spec = locked.record().spec();
            if (spec.capacity().isPresent()
                    && Admission.faceCount(store, ref, locked.record()) + faces.size() > spec.capacity().getAsLong()) {
                long capacity = spec.capacity().getAsLong();
                throw new FaceException.QuotaExceeded(Quota.COLLECTION_CAPACITY, capacity,
                        "collection " + ref + " would have more than " + capacity + " faces");
            }
            Admission.checkTagLimit(store, ref, spec, GivenVectors.perTag(faces), Map.of());
            return writer.writeVectors(ref, locked, faces, Map.of(), List.of(), now.get());
        });
    }

    List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        return writes.underLock(ref, locked -> {
            try {
                GivenVectors.check(faces, dimensionOf(locked));
            } catch (FaceException.AlreadyExists twice) {
                throw new FaceException.InvalidArgument("faces", "face " + twice.id() + " is given twice");
            }
            if (faces.isEmpty()) {
                return List.of();
            }
            Map<String, StoredFace> current = new HashMap<>();
            store.facesById(ref, faces.stream().map(VectorFace::faceId).toList()).forEach(f -> current.put(f.faceId(), f));
            for (VectorFace face : faces) {
                if (!current.containsKey(face.faceId())) {
                    throw new FaceException.NotFound(Resource.FACE, face.faceId());
                }
            }
            Map<String, Long> leaving = new HashMap<>();
            current.values().forEach(f -> leaving.merge(f.tag(), 1L, Long::sum));
            Admission.checkTagLimit(store, ref, locked.record().spec(), GivenVectors.perTag(faces), leaving);
            List<FaceKey> replaced = current.values().stream().map(f -> new FaceKey(f.faceId(), f.imageId())).toList();
            return writer.writeVectors(ref, locked, faces, current, replaced, now.get());
        });
    }

    /** The collection's vector width: its feature version's, else that of its loaded index. */
    private OptionalInt dimensionOf(Locked locked) {
        String version = locked.record().info().featureVersion();
        OptionalInt declared = analysis.analyzer().featureVersions().stream()
                .filter(v -> v.name().equals(version))
                .findFirst()
                .map(FeatureVersion::dimension)
                .orElse(OptionalInt.empty());
        if (declared.isPresent()) {
            return declared;
        }
        return locked.loaded().flatMap(Loaded::index).map(i -> OptionalInt.of(i.dimension())).orElse(OptionalInt.empty());
    }
}
