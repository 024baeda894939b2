package io.polyface.engine.testing;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.testing.InMemoryStore.Collection;
import io.polyface.engine.testing.InMemoryStore.Stored;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;

/**
 * A complete {@link FaceEngine} in memory, for tests: collections, faces, search by cosine
 * similarity, images, records, tenants and feature jobs, with no model and no database. Which
 * faces an image holds is decided by an {@link ImageDetector} (by default the colour rule of
 * {@link TestPictures}) unless a test registers them for those bytes ({@link #faces}). Face ids
 * are unique per collection, as in the local engine. Engines built to share one
 * store ({@link Builder#sharingDataWith}) see the same data, as two gateway nodes on one database.
 * This class detects faces and checks them on the way in; the data and the operations on it alone
 * live in {@link InMemoryStore}. Thread-safe: every call holds the store's lock.
 */
public final class InMemoryFaceEngine implements FaceEngine {
    /** The feature version of an engine built without one. */
    public static final String DEFAULT_VERSION = "memory-v1";

    private final String name;
    private final FeatureVersion version;
    private final ImageDetector detector;
    private final Clock clock;
    private final InMemoryStore store;

    private InMemoryFaceEngine(Builder builder) {
        this.name = builder.name;
        this.version = builder.version;
        this.detector = builder.detector;
        this.clock = builder.clock;
        this.store = builder.shared.map(e -> e.store).orElseGet(InMemoryStore::new);
    }

    /** An engine named {@code memory} with the default version, the {@link TestPictures} rule and the system clock. */
    public static InMemoryFaceEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to build an {@link InMemoryFaceEngine}. */
    public static final class Builder {
        private String name = "memory";
        private FeatureVersion version = new FeatureVersion(DEFAULT_VERSION, "the colour of a test picture", OptionalInt.of(3));
        private ImageDetector detector = ImageDetector.pictures();
        private Clock clock = Clock.systemUTC();
        private Optional<InMemoryFaceEngine> shared = Optional.empty();

        private Builder() {
        }

        public Builder name(String engineName) {
            this.name = requireNonNull(engineName, "engineName is null");
            return this;
        }

        /** The one feature version the engine extracts; a detector's embeddings are read as of it. */
        public Builder featureVersion(FeatureVersion featureVersion) {
            this.version = requireNonNull(featureVersion, "featureVersion is null");
            return this;
        }

        public Builder detector(ImageDetector imageDetector) {
            this.detector = requireNonNull(imageDetector, "imageDetector is null");
            return this;
        }

        public Builder clock(Clock engineClock) {
            this.clock = requireNonNull(engineClock, "engineClock is null");
            return this;
        }

        /** Keeps the data in the store of another engine, so that both see the same. */
        public Builder sharingDataWith(InMemoryFaceEngine other) {
            this.shared = Optional.of(requireNonNull(other, "other is null"));
            return this;
        }

        public InMemoryFaceEngine build() {
            return new InMemoryFaceEngine(this);
        }
    }

    /** Says which faces an image holds, the main face first, whatever the detector would see in it. */
    public void faces(byte[] image, DetectedFace... detected) {
        store.register(image, List.of(detected));
    }

    /** The faces of an image, their embeddings read as of this engine's version. */
    private List<DetectedFace> found(byte[] image, Set<FaceFeature> features) {
        List<DetectedFace> faces = store.registered(image).orElseGet(() -> detector.detect(image, features));
        return faces.stream().map(f -> new DetectedFace(f.box(), f.confidence(), f.landmarks(),
                new Embedding(f.embedding().vector(), version.name()), f.details())).toList();
    }

    /** The main face of an image, or the one that overlaps a region most (IoU at least 0.3). */
    private Optional<DetectedFace> chosen(byte[] image, Optional<BoundingBox> region, Set<FaceFeature> features) {
        List<DetectedFace> all = found(image, features);
        if (region.isEmpty()) {
            return all.stream().findFirst();
        }
        return all.stream().filter(f -> f.box().iou(region.get()) >= 0.3)
                .max(Comparator.comparingDouble(f -> f.box().iou(region.get())));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String featureVersion() {
        return version.name();
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return List.of(version);
    }

    @Override
    public EngineHealth health() {
        return new EngineHealth(true, Map.of("store", "in memory"));
    }

    // ---- images -------------------------------------------------------------------------------

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return found(image, Set.of());
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return found(image, features);
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        DetectedFace a = found(first, Set.of()).stream().findFirst().orElseThrow(FaceException.NoFace::new);
        DetectedFace b = found(second, Set.of()).stream().findFirst().orElseThrow(FaceException.NoFace::new);
        return new CompareResult(a.embedding().cosine(b.embedding()), a, b);
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        return store.storeImage(tenant, image);
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return store.image(tenant, imageId);
    }

    // ---- collections --------------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        synchronized (store) {
            if (store.collection(ref).isPresent()) {
                throw new FaceException.AlreadyExists(Resource.COLLECTION, ref.name());
            }
            String featureVersion = spec.featureVersion().orElse(version.name());
            if (!featureVersion.equals(version.name())) {
                throw new FaceException.InvalidArgument("featureVersion", "no feature version " + featureVersion);
            }
            return store.createCollection(ref, spec.withFeatureVersion(featureVersion), clock);
        }
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        return store.collection(ref);
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        return store.collections(tenant);
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        return store.clearCollection(ref, clock);
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        store.deleteCollection(ref);
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        return store.updateCollection(ref, attributes, clock);
    }

    // ---- faces --------------------------------------------------------------------------------

    /** A new face's image looked at: the face that would be stored, or why the face is rejected. */
    private record Examined(Optional<DetectedFace> face, Optional<EnrolOutcome.Rejected> rejection) {
        static Examined rejected(FaceException reason, Optional<DetectedFace> detected) {
            return new Examined(Optional.empty(), Optional.of(new EnrolOutcome.Rejected(reason, detected)));
        }

        boolean accepted() {
            return face.isPresent();
        }
    }

    private Examined examine(NewFace face) {
        Set<FaceFeature> features = EnumSet.noneOf(FaceFeature.class);
        features.addAll(face.details());
        if (face.qualityGate().isPresent()) {
            features.add(FaceFeature.POSE);
            features.add(FaceFeature.QUALITY);
        }
        Optional<DetectedFace> main;
        try {
            main = chosen(face.image(), face.region(), features);
        } catch (FaceException e) {
            return Examined.rejected(e, Optional.empty());
        }
        if (main.isEmpty()) {
            return Examined.rejected(new FaceException.NoFace(), Optional.empty());
        }
        DetectedFace detected = main.get();
        if (face.qualityGate().isPresent() && detected.details().quality().isPresent()) {
            List<QualityCheck> failed = face.qualityGate().get().evaluate(
                    detected.details().pose().orElse(new FacePose(0, 0, 0)), detected.details().quality().get());
            if (!failed.isEmpty()) {
                return Examined.rejected(new FaceException.BadQuality("the face fails " + failed, failed), main);
            }
        }
        return new Examined(main, Optional.empty());
    }

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        synchronized (store) {
            Collection collection = store.existing(ref);
            List<EnrolOutcome> outcomes = new ArrayList<>();
            for (NewFace face : faces) {
                outcomes.add(enrol(ref, collection, face, examine(face)));
            }
            return outcomes;
        }
    }

    private EnrolOutcome enrol(CollectionRef ref, Collection collection, NewFace face, Examined examined) {
        if (!examined.accepted()) {
            return examined.rejection().orElseThrow();
        }
        DetectedFace detected = examined.face().orElseThrow();
        String id = face.faceId().orElseGet(() -> UUID.randomUUID().toString());
        if (collection.faces.containsKey(id)) {
            return new EnrolOutcome.Rejected(new FaceException.AlreadyExists(Resource.FACE, id), Optional.of(detected));
        }
        Optional<FaceException> full = InMemoryStore.full(collection, face.tag(), 1);
        if (full.isPresent()) {
            return new EnrolOutcome.Rejected(full.get(), Optional.of(detected));
        }
        StoredFace stored = new StoredFace(id, ref, face.tag(), face.description(), face.userData(), detected.box(),
                storeImage(ref.tenant(), face.image()), clock.instant());
        collection.faces.put(id, new Stored(stored, detected.embedding()));
        InMemoryStore.changed(collection, clock.instant());
        return new EnrolOutcome.Enrolled(stored, Optional.of(detected));
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        synchronized (store) {
            Collection collection = store.existing(ref);
            List<String> old = collection.faces.values().stream().filter(s -> s.face().tag().equals(tag))
                    .map(s -> s.face().faceId()).toList();
            if (old.isEmpty()) {
                throw new FaceException.NotFound(Resource.TAG, tag);
            }
            List<NewFace> tagged = faces.stream().map(f -> f.withTag(tag)).toList();
            List<Examined> examined = tagged.stream().map(this::examine).toList();
            long acceptable = examined.stream().filter(Examined::accepted).count();
            CollectionSpec spec = collection.info.spec();
            if (acceptable > 0 && spec.maxFacesPerTag().isPresent() && acceptable > spec.maxFacesPerTag().getAsInt()) {
                FaceException tooMany = new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG,
                        spec.maxFacesPerTag().getAsInt(), "too many faces for tag " + tag);
                examined = examined.stream().map(e -> e.accepted() ? Examined.rejected(tooMany, e.face()) : e).toList();
                acceptable = 0;
            }
            if (acceptable == 0) {
                return examined.stream().map(e -> (EnrolOutcome) e.rejection().orElseThrow()).toList();
            }
            Map<String, Stored> removed = new LinkedHashMap<>();
            old.forEach(id -> removed.put(id, collection.faces.remove(id)));
            List<EnrolOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < tagged.size(); i++) {
                outcomes.add(enrol(ref, collection, tagged.get(i), examined.get(i)));
            }
            if (outcomes.stream().noneMatch(EnrolOutcome.Enrolled.class::isInstance)) {
                collection.faces.putAll(removed);
            }
            InMemoryStore.changed(collection, clock.instant());
            return outcomes;
        }
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return store.facesByTag(ref, tag);
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        return store.deleteFacesByTag(ref, tag, clock);
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return store.face(ref, faceId);
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        return store.deleteFace(ref, faceId, clock);
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        return store.updateFace(ref, faceId, update, clock);
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        return store.copyFaces(target, copies, clock);
    }

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        return store.addVectors(ref, faces, version.dimension(), clock);
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        return store.replaceVectors(ref, faces, version.dimension(), clock);
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return store.embedding(ref, faceId);
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        return store.listFaces(ref, tag, marker, limit);
    }

    // ---- search -------------------------------------------------------------------------------

    @Override
    public SearchResult search(SearchQuery query) {
        Optional<DetectedFace> probeFace = Optional.empty();
        Embedding probe;
        switch (query.probe()) {
            case Probe.ImageProbe image -> {
                probeFace = Optional.of(chosen(image.image(), image.region(), Set.of()).orElseThrow(FaceException.NoFace::new));
                probe = probeFace.get().embedding();
            }
            case Probe.EmbeddingProbe embedding -> probe = embedding.embedding();
            case Probe.StoredFaceProbe stored -> probe = embedding(stored.collection(), stored.faceId())
                    .orElseThrow(() -> new FaceException.NotFound(Resource.FACE, stored.faceId()));
        }
        return new SearchResult(probeFace, store.hits(query, probe));
    }

    // ---- feature jobs -------------------------------------------------------------------------

    /** Runs the whole job before it returns: the job is finished (or failed) when the caller first sees it. */
    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        if (!toVersion.equals(version.name())) {
            throw new FaceException.InvalidArgument("toVersion", "no feature version " + toVersion);
        }
        synchronized (store) {
            Collection collection = store.existing(ref);
            Instant started = clock.instant();
            long failed = 0;
            Map<String, Stored> extracted = new LinkedHashMap<>();
            for (Stored s : collection.faces.values()) {
                Optional<DetectedFace> again = store.image(ref.tenant(), s.face().imageId())
                        .flatMap(image -> chosen(image, Optional.of(s.face().box()), Set.of()));
                if (again.isEmpty()) {
                    failed++;
                    continue;
                }
                extracted.put(s.face().faceId(), new Stored(s.face(), new Embedding(again.get().embedding().vector(), toVersion)));
            }
            collection.faces.keySet().retainAll(extracted.keySet());
            collection.faces.putAll(extracted);
            CollectionInfo old = collection.info;
            collection.info = new CollectionInfo(ref, old.spec().withFeatureVersion(toVersion), old.createdAt(), clock.instant(),
                    collection.faces.size(), old.version() + 1);
            FeatureJob job = new FeatureJob(store.nextId("job-"), ref, old.featureVersion(), toVersion,
                    FeatureJob.Status.FINISHED, extracted.size() + failed, extracted.size() + failed, failed, started,
                    Optional.of(clock.instant()), Optional.empty());
            store.addJob(job);
            return job;
        }
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return store.featureJob(tenant, jobId);
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return store.featureJobs(tenant);
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        return store.checkImages(ref);
    }

    // ---- records and tenants ------------------------------------------------------------------

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return store.record(tenant, kind, key);
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        store.putRecord(tenant, kind, key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return store.deleteRecord(tenant, kind, key);
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return store.records(tenant, kind);
    }

    @Override
    public SortedSet<String> tenants() {
        return store.tenants();
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        return store.eraseTenant(tenant);
    }

    @Override
    public void close() {
    }
}
