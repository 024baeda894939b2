package io.polyface.gateway;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code type: fake}: an in-memory engine for routing tests. Engines naming the same {@code store}
 * share their data, as two nodes on one database would; {@code score} is the similarity every
 * search hit gets ({@code random} for a different one each time); {@code down: unavailable} fails
 * every call as a broken backend would, {@code down: refused} as one that was never reached.
 * Every call is counted per engine, so tests can tell which engine did what.
 */
public final class FakeEngineProvider implements EngineProvider {
    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    private static final class Store {
        final Map<CollectionRef, CollectionInfo> collections = new LinkedHashMap<>();
        final Map<CollectionRef, List<StoredFace>> faces = new LinkedHashMap<>();
        final Map<String, String> records = new TreeMap<>();
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public FaceEngine create(EngineContext context) {
        return new Fake(context.name(), STORES.computeIfAbsent(context.setting("store").orElse(context.name()), s -> new Store()),
                context.setting("score").orElse("0.9"), context.setting("down").orElse("no"));
    }

    /** How often an engine was called with a method, since the JVM started. */
    public static long calls(String engine, String method) {
        return CALLS.getOrDefault(engine + "." + method, new AtomicLong()).get();
    }

    private static final class Fake implements FaceEngine {
        private static final BoundingBox BOX = new BoundingBox(10, 10, 100, 100);
        private final String name;
        private final Store store;
        private final String score;
        private final String down;

        Fake(String name, Store store, String score, String down) {
            this.name = name;
            this.store = store;
            this.score = score;
            this.down = down;
        }

        private void enter(String method) {
            CALLS.computeIfAbsent(name + "." + method, k -> new AtomicLong()).incrementAndGet();
            switch (down) {
                case "unavailable" -> throw new FaceException.BackendUnavailable(name + " is down", null);
                case "refused" -> throw new FaceException.BackendUnavailable(name + " refused the connection",
                        new CallNotSent("connection refused"));
                default -> { }
            }
        }

        private double score() {
            return score.equals("random") ? ThreadLocalRandom.current().nextDouble() : Double.parseDouble(score);
        }

        private static DetectedFace face() {
            return new DetectedFace(BOX, 0.99, List.of(), new Embedding(new float[] {1, 0}, "fake-v1"));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String featureVersion() {
            return "fake-v1";
        }

        @Override
        public List<FeatureVersion> featureVersions() {
            return List.of(new FeatureVersion("fake-v1", "a fake"));
        }

        @Override
        public EngineHealth health() {
            return new EngineHealth(down.equals("no"), Map.of("fake", down));
        }

        @Override
        public List<DetectedFace> detect(byte[] image) {
            enter("detect");
            return List.of(face());
        }

        @Override
        public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
            enter("analyze");
            return List.of(face());
        }

        @Override
        public CompareResult compare(byte[] first, byte[] second) {
            enter("compare");
            return new CompareResult(score(), face(), face());
        }

        @Override
        public String storeImage(String tenant, byte[] image) {
            enter("storeImage");
            return UUID.randomUUID().toString();
        }

        @Override
        public Optional<byte[]> image(String tenant, String imageId) {
            enter("image");
            return Optional.empty();
        }

        @Override
        public synchronized CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
            enter("createCollection");
            synchronized (store) {
                if (store.collections.containsKey(ref)) {
                    throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
                }
                CollectionInfo info = new CollectionInfo(ref, spec.withFeatureVersion("fake-v1"), Instant.now(), Instant.now(), 0, 0);
                store.collections.put(ref, info);
                store.faces.put(ref, new ArrayList<>());
                return info;
            }
        }

        @Override
        public Optional<CollectionInfo> collection(CollectionRef ref) {
            enter("collection");
            synchronized (store) {
                return Optional.ofNullable(store.collections.get(ref)).map(i -> new CollectionInfo(i.ref(), i.spec(),
                        i.createdAt(), i.updatedAt(), store.faces.get(ref).size(), i.version()));
            }
        }

        @Override
        public List<CollectionInfo> collections(String tenant) {
            enter("collections");
            synchronized (store) {
                return store.collections.values().stream().filter(c -> c.ref().tenant().equals(tenant)).toList();
            }
        }

        @Override
        public long clearCollection(CollectionRef ref) {
            enter("clearCollection");
            synchronized (store) {
                List<StoredFace> faces = existing(ref);
                long n = faces.size();
                faces.clear();
                return n;
            }
        }

        @Override
        public void deleteCollection(CollectionRef ref) {
            enter("deleteCollection");
            synchronized (store) {
                existing(ref);
                store.collections.remove(ref);
                store.faces.remove(ref);
            }
        }

        @Override
        public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
            enter("updateCollection");
            throw new FaceException.Unsupported("fake");
        }

        private List<StoredFace> existing(CollectionRef ref) {
            List<StoredFace> faces = store.faces.get(ref);
            if (faces == null) {
                throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
            }
            return faces;
        }

        @Override
        public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
            enter("addFaces");
            synchronized (store) {
                List<StoredFace> stored = existing(ref);
                List<EnrolOutcome> outcomes = new ArrayList<>();
                for (NewFace face : faces) {
                    StoredFace s = new StoredFace(face.faceId().orElse(UUID.randomUUID().toString()), ref, face.tag(),
                            face.description(), face.userData(), BOX, "img", Instant.now());
                    stored.add(s);
                    outcomes.add(new EnrolOutcome.Enrolled(s));
                }
                return outcomes;
            }
        }

        @Override
        public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
            enter("replaceFaces");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
            enter("facesByTag");
            return matching(ref, f -> f.tag().equals(tag));
        }

        private List<StoredFace> matching(CollectionRef ref, Predicate<StoredFace> which) {
            synchronized (store) {
                return existing(ref).stream().filter(which).toList();
            }
        }

        @Override
        public long deleteFacesByTag(CollectionRef ref, String tag) {
            enter("deleteFacesByTag");
            return removeWhere(ref, f -> f.tag().equals(tag));
        }

        /** Removes a collection's faces that match and says how many there were. */
        private long removeWhere(CollectionRef ref, Predicate<StoredFace> which) {
            synchronized (store) {
                List<StoredFace> faces = existing(ref);
                long before = faces.size();
                faces.removeIf(which);
                return before - faces.size();
            }
        }

        @Override
        public Optional<StoredFace> face(CollectionRef ref, String faceId) {
            enter("face");
            return matching(ref, f -> f.faceId().equals(faceId)).stream().findFirst();
        }

        @Override
        public boolean deleteFace(CollectionRef ref, String faceId) {
            enter("deleteFace");
            return removeWhere(ref, f -> f.faceId().equals(faceId)) > 0;
        }

        @Override
        public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
            enter("updateFace");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
            enter("copyFaces");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
            enter("embedding");
            return Optional.empty();
        }

        @Override
        public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
            enter("listFaces");
            return new Page<>(matching(ref, f -> tag.map(f.tag()::equals).orElse(true)), Optional.empty());
        }

        @Override
        public SearchResult search(SearchQuery query) {
            enter("search");
            synchronized (store) {
                Map<String, SearchHit> best = new LinkedHashMap<>();
                for (CollectionRef ref : query.collections()) {
                    for (StoredFace face : existing(ref)) {
                        best.putIfAbsent(face.tag(), new SearchHit(face, score()));
                    }
                }
                return new SearchResult(Optional.of(face()), best.values().stream().limit(query.topK()).toList());
            }
        }

        @Override
        public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
            enter("startFeatureJob");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public Optional<FeatureJob> featureJob(String tenant, String jobId) {
            enter("featureJob");
            return Optional.empty();
        }

        @Override
        public List<FeatureJob> featureJobs(String tenant) {
            enter("featureJobs");
            return List.of();
        }

        @Override
        public ImageCheck checkImages(CollectionRef ref) {
            enter("checkImages");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public Optional<String> record(String tenant, String kind, String key) {
            enter("record");
            synchronized (store) {
                return Optional.ofNullable(store.records.get(tenant + "/" + kind + "/" + key));
            }
        }

        @Override
        public void putRecord(String tenant, String kind, String key, String json) {
            enter("putRecord");
            synchronized (store) {
                store.records.put(tenant + "/" + kind + "/" + key, json);
            }
        }

        @Override
        public boolean deleteRecord(String tenant, String kind, String key) {
            enter("deleteRecord");
            synchronized (store) {
                return store.records.remove(tenant + "/" + kind + "/" + key) != null;
            }
        }

        @Override
        public SortedMap<String, String> records(String tenant, String kind) {
            enter("records");
            throw new FaceException.Unsupported("fake");
        }

        @Override
        public void close() {
        }
    }
}
