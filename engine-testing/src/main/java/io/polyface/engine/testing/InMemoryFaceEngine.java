package io.polyface.engine.testing;

import static java.util.Objects.requireNonNull;

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
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A complete {@link FaceEngine} in memory, for tests: collections, faces, search by cosine
 * similarity, images, records, tenants and feature jobs, with no model and no database. Which
 * faces an image holds is decided by an {@link ImageDetector} (by default the colour rule of
 * {@link TestPictures}) unless a test registers them for those bytes ({@link #faces}). Face ids
 * are unique per collection, as in the local engine. Engines built to share one
 * store ({@link Builder#sharingDataWith}) see the same data, as two gateway nodes on one database.
 * Thread-safe: every call holds the store's lock.
 */
public final class InMemoryFaceEngine implements FaceEngine {
    /** The feature version of an engine built without one. */
    public static final String DEFAULT_VERSION = "memory-v1";

    private final String name;
    private final FeatureVersion version;
    private final ImageDetector detector;
    private final Clock clock;
    private final Store store;

    /** What engines sharing a store see alike. */
    private static final class Store {
        final Map<String, List<DetectedFace>> registered = new HashMap<>();
        final Map<CollectionRef, Collection> collections = new LinkedHashMap<>();
        final Map<String, Map<String, byte[]>> images = new HashMap<>();
        final Map<String, Map<String, TreeMap<String, String>>> records = new HashMap<>();
        final Map<String, FeatureJob> jobs = new LinkedHashMap<>();
        long ids;
    }

    private static final class Collection {
        CollectionInfo info;
        final Map<String, Stored> faces = new LinkedHashMap<>();

        Collection(CollectionInfo info) {
            this.info = info;
        }
    }

    private record Stored(StoredFace face, Embedding embedding) {
    }

    private InMemoryFaceEngine(Builder builder) {
        this.name = builder.name;
        this.version = builder.version;
        this.detector = builder.detector;
        this.clock = builder.clock;
        this.store = builder.shared.map(e -> e.store).orElseGet(Store::new);
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
        synchronized (store) {
            store.registered.put(key(image), List.of(detected));
        }
    }

    private static String key(byte[] image) {
        return Integer.toHexString(Arrays.hashCode(image)) + ":" + image.length;
    }

    /** The faces of an image, their embeddings read as of this engine's version. */
    private List<DetectedFace> found(byte[] image, Set<FaceFeature> features) {
        List<DetectedFace> registered;
        synchronized (store) {
            registered = store.registered.get(key(image));
        }
        List<DetectedFace> faces = registered != null ? registered : detector.detect(image, features);
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
        synchronized (store) {
            String id = "img-" + (++store.ids);
            store.images.computeIfAbsent(tenant, t -> new HashMap<>()).put(id, image.clone());
            return id;
        }
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        synchronized (store) {
            return Optional.ofNullable(store.images.getOrDefault(tenant, Map.of()).get(imageId)).map(byte[]::clone);
        }
    }

    // ---- collections --------------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        synchronized (store) {
            if (store.collections.containsKey(ref)) {
                throw new FaceException.AlreadyExists(Resource.COLLECTION, ref.name());
            }
            String featureVersion = spec.featureVersion().orElse(version.name());
            if (!featureVersion.equals(version.name())) {
                throw new FaceException.InvalidArgument("featureVersion", "no feature version " + featureVersion);
            }
            if (spec.maxCollectionsPerTenant().isPresent()) {
                int limit = spec.maxCollectionsPerTenant().getAsInt();
                if (store.collections.keySet().stream().filter(c -> c.tenant().equals(ref.tenant())).count() >= limit) {
                    throw new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, limit,
                            "the tenant owns " + limit + " collections");
                }
            }
            Instant now = clock.instant();
            Collection created = new Collection(new CollectionInfo(ref, spec.withFeatureVersion(featureVersion), now, now, 0, 0));
            store.collections.put(ref, created);
            return created.info;
        }
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        synchronized (store) {
            return Optional.ofNullable(store.collections.get(ref)).map(c -> c.info);
        }
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        synchronized (store) {
            return store.collections.values().stream().map(c -> c.info).filter(c -> c.ref().tenant().equals(tenant)).toList();
        }
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        synchronized (store) {
            Collection collection = existing(ref);
            long count = collection.faces.size();
            collection.faces.clear();
            changed(collection);
            return count;
        }
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        synchronized (store) {
            existing(ref);
            store.collections.remove(ref);
        }
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        synchronized (store) {
            Collection collection = existing(ref);
            CollectionInfo old = collection.info;
            collection.info = new CollectionInfo(ref, old.spec().withAttributes(attributes), old.createdAt(), clock.instant(),
                    old.faceCount(), old.version());
            return collection.info;
        }
    }

    private Collection existing(CollectionRef ref) {
        Collection collection = store.collections.get(ref);
        if (collection == null) {
            throw new FaceException.NotFound(Resource.COLLECTION, ref.name());
        }
        return collection;
    }

    /** Counts the faces again and moves the collection's version on. */
    private void changed(Collection collection) {
        CollectionInfo old = collection.info;
        collection.info = new CollectionInfo(old.ref(), old.spec(), old.createdAt(), clock.instant(), collection.faces.size(),
                old.version() + 1);
    }

    // ---- faces --------------------------------------------------------------------------------


    private long tagCount(Collection collection, String tag) {
        return collection.faces.values().stream().filter(s -> s.face().tag().equals(tag)).count();
    }

    /** Why a face of this tag cannot go in, if it cannot. */
    private Optional<FaceException> full(Collection collection, String tag, long adding) {
        CollectionSpec spec = collection.info.spec();
        if (spec.capacity().isPresent() && collection.faces.size() + adding > spec.capacity().getAsLong()) {
            return Optional.of(new FaceException.QuotaExceeded(FaceException.Quota.COLLECTION_CAPACITY,
                    spec.capacity().getAsLong(), "the collection is full"));
        }
        if (spec.maxFacesPerTag().isPresent() && tagCount(collection, tag) + adding > spec.maxFacesPerTag().getAsInt()) {
            return Optional.of(new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG,
                    spec.maxFacesPerTag().getAsInt(), "tag " + tag + " has the most faces allowed"));
        }
        return Optional.empty();
    }

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
            Collection collection = existing(ref);
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
        Optional<FaceException> full = full(collection, face.tag(), 1);
        if (full.isPresent()) {
            return new EnrolOutcome.Rejected(full.get(), Optional.of(detected));
        }
        StoredFace stored = new StoredFace(id, ref, face.tag(), face.description(), face.userData(), detected.box(),
                storeImage(ref.tenant(), face.image()), clock.instant());
        collection.faces.put(id, new Stored(stored, detected.embedding()));
        changed(collection);
        return new EnrolOutcome.Enrolled(stored, Optional.of(detected));
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        synchronized (store) {
            Collection collection = existing(ref);
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
            changed(collection);
            return outcomes;
        }
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        synchronized (store) {
            return existing(ref).faces.values().stream().map(Stored::face).filter(f -> f.tag().equals(tag)).toList();
        }
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        synchronized (store) {
            Collection collection = existing(ref);
            int before = collection.faces.size();
            collection.faces.values().removeIf(s -> s.face().tag().equals(tag));
            long removed = before - collection.faces.size();
            if (removed > 0) {
                changed(collection);
            }
            return removed;
        }
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        synchronized (store) {
            return Optional.ofNullable(existing(ref).faces.get(faceId)).map(Stored::face);
        }
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        synchronized (store) {
            Collection collection = existing(ref);
            boolean removed = collection.faces.remove(faceId) != null;
            if (removed) {
                changed(collection);
            }
            return removed;
        }
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        synchronized (store) {
            Collection collection = existing(ref);
            Stored old = collection.faces.get(faceId);
            if (old == null) {
                throw new FaceException.NotFound(Resource.FACE, faceId);
            }
            StoredFace f = old.face();
            if (update.tag().isPresent() && !update.tag().get().equals(f.tag())) {
                Optional<FaceException> full = full(collection, update.tag().get(), 1);
                if (full.isPresent() && full.get() instanceof FaceException.QuotaExceeded q
                        && q.quota() == FaceException.Quota.FACES_PER_TAG) {
                    throw full.get();
                }
            }
            StoredFace updated = new StoredFace(f.faceId(), f.collection(), update.tag().orElse(f.tag()),
                    update.description().or(f::description), update.userData().or(f::userData), f.box(), f.imageId(),
                    f.createdAt());
            collection.faces.put(faceId, new Stored(updated, old.embedding()));
            changed(collection);
            return updated;
        }
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        synchronized (store) {
            Collection into = existing(target);
            List<EnrolOutcome> outcomes = new ArrayList<>();
            for (FaceCopy copy : copies) {
                Optional<Stored> source = Optional.ofNullable(store.collections.get(copy.source()))
                        .map(c -> c.faces.get(copy.sourceFaceId()));
                if (source.isEmpty()) {
                    outcomes.add(new EnrolOutcome.Rejected(new FaceException.NotFound(Resource.FACE, copy.sourceFaceId())));
                    continue;
                }
                String id = copy.faceId().orElse(copy.sourceFaceId());
                StoredFace s = source.get().face();
                String tag = copy.tag().orElse(s.tag());
                if (into.faces.containsKey(id)) {
                    outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(Resource.FACE, id)));
                    continue;
                }
                Optional<FaceException> full = full(into, tag, 1);
                if (full.isPresent()) {
                    outcomes.add(new EnrolOutcome.Rejected(full.get()));
                    continue;
                }
                StoredFace stored = new StoredFace(id, target, tag, s.description(), s.userData(), s.box(), s.imageId(),
                        clock.instant());
                into.faces.put(id, new Stored(stored, source.get().embedding()));
                changed(into);
                outcomes.add(new EnrolOutcome.Enrolled(stored));
            }
            return outcomes;
        }
    }

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        synchronized (store) {
            Collection collection = existing(ref);
            Set<String> ids = new HashSet<>();
            Map<String, Long> perTag = new HashMap<>();
            for (VectorFace face : faces) {
                checkVector(face);
                if (!ids.add(face.faceId()) || collection.faces.containsKey(face.faceId())) {
                    throw new FaceException.AlreadyExists(Resource.FACE, face.faceId());
                }
                perTag.merge(face.tag(), 1L, Long::sum);
            }
            CollectionSpec spec = collection.info.spec();
            if (spec.capacity().isPresent() && collection.faces.size() + faces.size() > spec.capacity().getAsLong()) {
                throw new FaceException.QuotaExceeded(FaceException.Quota.COLLECTION_CAPACITY, spec.capacity().getAsLong(),
                        "the collection is full");
            }
            for (Map.Entry<String, Long> tag : perTag.entrySet()) {
                Optional<FaceException> full = full(collection, tag.getKey(), tag.getValue());
                if (full.isPresent()) {
                    throw full.get();
                }
            }
            List<StoredFace> stored = new ArrayList<>();
            for (VectorFace face : faces) {
                StoredFace s = vectorFace(ref, face, clock.instant());
                collection.faces.put(face.faceId(), new Stored(s, new Embedding(face.vector(), collection.info.featureVersion())));
                stored.add(s);
            }
            changed(collection);
            return stored;
        }
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        synchronized (store) {
            Collection collection = existing(ref);
            Set<String> ids = new HashSet<>();
            for (VectorFace face : faces) {
                checkVector(face);
                if (!ids.add(face.faceId())) {
                    throw new FaceException.InvalidArgument("faceId", "face " + face.faceId() + " is given twice");
                }
                if (!collection.faces.containsKey(face.faceId())) {
                    throw new FaceException.NotFound(Resource.FACE, face.faceId());
                }
            }
            Map<String, Long> tagsAfter = new HashMap<>();
            collection.faces.values().stream().filter(s -> !ids.contains(s.face().faceId()))
                    .forEach(s -> tagsAfter.merge(s.face().tag(), 1L, Long::sum));
            faces.forEach(f -> tagsAfter.merge(f.tag(), 1L, Long::sum));
            collection.info.spec().maxFacesPerTag().ifPresent(limit -> tagsAfter.forEach((tag, count) -> {
                if (count > limit) {
                    throw new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG, limit,
                            "tag " + tag + " would hold " + count + " faces");
                }
            }));
            List<StoredFace> stored = new ArrayList<>();
            for (VectorFace face : faces) {
                StoredFace s = vectorFace(ref, face, collection.faces.get(face.faceId()).face().createdAt());
                collection.faces.put(face.faceId(), new Stored(s, new Embedding(face.vector(), collection.info.featureVersion())));
                stored.add(s);
            }
            changed(collection);
            return stored;
        }
    }

    private void checkVector(VectorFace face) {
        float[] vector = face.vector();
        version.dimension().ifPresent(dimension -> {
            if (vector.length != dimension) {
                throw new FaceException.InvalidArgument("vector", "face " + face.faceId() + " has " + vector.length
                        + " values, not " + dimension);
            }
        });
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new FaceException.InvalidArgument("vector", "face " + face.faceId() + " holds " + value);
            }
        }
    }

    private static StoredFace vectorFace(CollectionRef ref, VectorFace face, Instant createdAt) {
        return new StoredFace(face.faceId(), ref, face.tag(), face.description(), face.userData(),
                face.box().orElse(new BoundingBox(0, 0, 0, 0)), "", createdAt);
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        synchronized (store) {
            return Optional.ofNullable(existing(ref).faces.get(faceId)).map(Stored::embedding);
        }
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        synchronized (store) {
            List<StoredFace> all = existing(ref).faces.values().stream().map(Stored::face)
                    .filter(f -> tag.isEmpty() || f.tag().equals(tag.get())).toList();
            int start = 0;
            if (marker.isPresent()) {
                // The marker is the last face of the previous page; pages go on after it.
                start = all.size();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).faceId().equals(marker.get())) {
                        start = i + 1;
                    }
                }
            }
            int end = Math.min(all.size(), start + limit);
            List<StoredFace> page = all.subList(start, end);
            return new Page<>(page, end < all.size() && !page.isEmpty() ? Optional.of(page.getLast().faceId()) : Optional.empty());
        }
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
        synchronized (store) {
            List<SearchHit> hits = new ArrayList<>();
            for (CollectionRef ref : query.collections()) {
                for (Stored s : existing(ref).faces.values()) {
                    if (s.embedding().vector().length != probe.vector().length) {
                        continue;
                    }
                    double score = new Embedding(probe.vector(), s.embedding().featureVersion()).cosine(s.embedding());
                    if (score >= query.minScore()) {
                        hits.add(new SearchHit(s.face(), score));
                    }
                }
            }
            hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
            List<SearchHit> chosen = new ArrayList<>();
            Set<String> tags = new HashSet<>();
            for (SearchHit hit : hits) {
                if (chosen.size() == query.topK()) {
                    break;
                }
                if (!query.distinctTags() || tags.add(hit.face().tag())) {
                    chosen.add(hit);
                }
            }
            return new SearchResult(probeFace, chosen);
        }
    }

    // ---- feature jobs -------------------------------------------------------------------------

    /** Runs the whole job before it returns: the job is finished (or failed) when the caller first sees it. */
    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        if (!toVersion.equals(version.name())) {
            throw new FaceException.InvalidArgument("toVersion", "no feature version " + toVersion);
        }
        synchronized (store) {
            Collection collection = existing(ref);
            Instant started = clock.instant();
            long failed = 0;
            Map<String, Stored> extracted = new LinkedHashMap<>();
            for (Stored s : collection.faces.values()) {
                Optional<DetectedFace> again = Optional.ofNullable(store.images.getOrDefault(ref.tenant(), Map.of())
                        .get(s.face().imageId())).flatMap(image -> chosen(image, Optional.of(s.face().box()), Set.of()));
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
            FeatureJob job = new FeatureJob("job-" + (++store.ids), ref, old.featureVersion(), toVersion,
                    FeatureJob.Status.FINISHED, extracted.size() + failed, extracted.size() + failed, failed, started,
                    Optional.of(clock.instant()), Optional.empty());
            store.jobs.put(job.id(), job);
            return job;
        }
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        synchronized (store) {
            return Optional.ofNullable(store.jobs.get(jobId)).filter(j -> j.collection().tenant().equals(tenant));
        }
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        synchronized (store) {
            List<FeatureJob> jobs = new ArrayList<>(store.jobs.values().stream()
                    .filter(j -> j.collection().tenant().equals(tenant)).toList());
            return jobs.reversed();
        }
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        synchronized (store) {
            Collection collection = existing(ref);
            Map<String, byte[]> images = store.images.getOrDefault(ref.tenant(), Map.of());
            long available = collection.faces.values().stream().filter(s -> images.containsKey(s.face().imageId())).count();
            return new ImageCheck(collection.faces.size(), available, collection.faces.size() - available);
        }
    }

    // ---- records and tenants ------------------------------------------------------------------

    private TreeMap<String, String> kind(String tenant, String kind) {
        return store.records.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(kind, k -> new TreeMap<>());
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        synchronized (store) {
            return Optional.ofNullable(kind(tenant, kind).get(key));
        }
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        synchronized (store) {
            kind(tenant, kind).put(key, json);
        }
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        synchronized (store) {
            return kind(tenant, kind).remove(key) != null;
        }
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        synchronized (store) {
            return new TreeMap<>(kind(tenant, kind));
        }
    }

    @Override
    public SortedSet<String> tenants() {
        synchronized (store) {
            SortedSet<String> tenants = new TreeSet<>();
            store.collections.keySet().forEach(c -> tenants.add(c.tenant()));
            store.images.forEach((tenant, images) -> {
                if (!images.isEmpty()) {
                    tenants.add(tenant);
                }
            });
            store.records.forEach((tenant, kinds) -> {
                if (kinds.values().stream().anyMatch(k -> !k.isEmpty())) {
                    tenants.add(tenant);
                }
            });
            store.jobs.values().forEach(j -> tenants.add(j.collection().tenant()));
            return tenants;
        }
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        synchronized (store) {
            List<CollectionRef> collections = store.collections.keySet().stream().filter(c -> c.tenant().equals(tenant)).toList();
            long faces = collections.stream().mapToLong(c -> store.collections.get(c).faces.size()).sum();
            collections.forEach(store.collections::remove);
            Map<String, byte[]> images = store.images.remove(tenant);
            Map<String, TreeMap<String, String>> records = store.records.remove(tenant);
            long jobs = store.jobs.values().stream().filter(j -> j.collection().tenant().equals(tenant)).count();
            store.jobs.values().removeIf(j -> j.collection().tenant().equals(tenant));
            return new ErasedTenant(tenant, collections.size(), faces, images == null ? 0 : images.size(),
                    records == null ? 0 : records.values().stream().mapToLong(Map::size).sum(), jobs);
        }
    }

    @Override
    public void close() {
    }
}
