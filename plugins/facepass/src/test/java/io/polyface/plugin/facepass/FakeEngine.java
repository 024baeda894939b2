package io.polyface.plugin.facepass;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineHealth;
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
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An in-memory engine for the dialect's unit tests: images are told apart by their bytes, and each
 * test says which faces an image holds ({@link #faces}); quality gates are evaluated on the
 * details given there. Not thread-safe; one per test.
 */
final class FakeEngine implements FaceEngine {
    static final String VERSION = "fake-v1";

    private final Map<String, List<DetectedFace>> facesByImage = new HashMap<>();
    private final Map<String, byte[]> images = new HashMap<>();
    private final Map<CollectionRef, CollectionInfo> collections = new LinkedHashMap<>();
    private final Map<CollectionRef, Map<String, StoredFace>> faces = new HashMap<>();
    private final Map<CollectionRef, Map<String, Embedding>> embeddings = new HashMap<>();
    private final Map<String, TreeMap<String, String>> records = new HashMap<>();
    private int ids;

    /** Says what faces an image holds, the main face first. */
    void faces(byte[] image, DetectedFace... detected) {
        facesByImage.put(key(image), List.of(detected));
    }

    private static String key(byte[] image) {
        return Integer.toHexString(Arrays.hashCode(image)) + ":" + image.length;
    }

    private List<DetectedFace> found(byte[] image) {
        return facesByImage.getOrDefault(key(image), List.of());
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String featureVersion() {
        return VERSION;
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return List.of(new FeatureVersion(VERSION, "fake"));
    }

    @Override
    public EngineHealth health() {
        return new EngineHealth(true, Map.of());
    }

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return found(image);
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return found(image);
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        DetectedFace a = found(first).stream().findFirst().orElseThrow(FaceException.NoFace::new);
        DetectedFace b = found(second).stream().findFirst().orElseThrow(FaceException.NoFace::new);
        return new CompareResult(a.embedding().cosine(b.embedding()), a, b);
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        String id = "img" + (++ids);
        images.put(tenant + "/" + id, image.clone());
        return id;
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return Optional.ofNullable(images.get(tenant + "/" + imageId));
    }

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        if (collections.containsKey(ref)) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
        }
        Instant now = Instant.now();
        CollectionInfo info = new CollectionInfo(ref, spec.withFeatureVersion(spec.featureVersion().orElse(VERSION)), now, now, 0, 0);
        collections.put(ref, info);
        faces.put(ref, new LinkedHashMap<>());
        embeddings.put(ref, new HashMap<>());
        return info;
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        return Optional.ofNullable(collections.get(ref));
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        return collections.values().stream().filter(c -> c.ref().tenant().equals(tenant)).toList();
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        if (collections.remove(ref) == null) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        faces.remove(ref);
        embeddings.remove(ref);
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> newFaces) {
        Map<String, StoredFace> stored = existing(ref);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (NewFace face : newFaces) {
            List<DetectedFace> detected = found(face.image());
            if (detected.isEmpty()) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NoFace()));
                continue;
            }
            DetectedFace main = detected.getFirst();
            if (face.qualityGate().isPresent()) {
                var failed = face.qualityGate().get().evaluate(main.details().pose().orElseThrow(), main.details().quality().orElseThrow());
                if (!failed.isEmpty()) {
                    outcomes.add(new EnrolOutcome.Rejected(new FaceException.BadQuality("failed " + failed, failed), Optional.of(main)));
                    continue;
                }
            }
            String id = face.faceId().orElseGet(() -> "face" + (++ids));
            StoredFace storedFace = new StoredFace(id, ref, face.tag(), face.description(), face.userData(), main.box(),
                    storeImage(ref.tenant(), face.image()), Instant.now());
            stored.put(id, storedFace);
            embeddings.get(ref).put(id, main.embedding());
            outcomes.add(new EnrolOutcome.Enrolled(storedFace, Optional.of(main)));
        }
        return outcomes;
    }

    private Map<String, StoredFace> existing(CollectionRef ref) {
        Map<String, StoredFace> stored = faces.get(ref);
        if (stored == null) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        return stored;
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> newFaces) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return existing(ref).values().stream().filter(f -> f.tag().equals(tag)).toList();
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return Optional.ofNullable(existing(ref).get(faceId));
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        embeddings.getOrDefault(ref, new HashMap<>()).remove(faceId);
        return existing(ref).remove(faceId) != null;
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        Map<String, StoredFace> stored = existing(target);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (FaceCopy copy : copies) {
            Optional<StoredFace> source = face(copy.source(), copy.sourceFaceId());
            if (source.isEmpty()) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NotFound(FaceException.Resource.FACE, copy.sourceFaceId())));
                continue;
            }
            String id = copy.faceId().orElse(copy.sourceFaceId());
            if (stored.containsKey(id)) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.AlreadyExists(FaceException.Resource.FACE, id)));
                continue;
            }
            StoredFace s = source.get();
            StoredFace c = new StoredFace(id, target, copy.tag().orElse(s.tag()), s.description(), s.userData(), s.box(), s.imageId(),
                    Instant.now());
            stored.put(id, c);
            embeddings.get(target).put(id, embeddings.get(copy.source()).get(copy.sourceFaceId()));
            outcomes.add(new EnrolOutcome.Enrolled(c));
        }
        return outcomes;
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return Optional.ofNullable(embeddings.getOrDefault(ref, Map.of()).get(faceId));
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        return new Page<>(List.copyOf(existing(ref).values()), Optional.empty());
    }

    @Override
    public SearchResult search(SearchQuery query) {
        Probe.ImageProbe probe = (Probe.ImageProbe) query.probe();
        List<DetectedFace> detected = found(probe.image());
        DetectedFace face = probe.region()
                .flatMap(r -> detected.stream().filter(d -> d.box().iou(r) >= 0.3).findFirst())
                .or(() -> probe.region().isPresent() ? Optional.empty() : detected.stream().findFirst())
                .orElseThrow(FaceException.NoFace::new);
        List<SearchHit> hits = new ArrayList<>();
        for (CollectionRef ref : query.collections()) {
            existing(ref).values().forEach(f -> hits.add(new SearchHit(f, embeddings.get(ref).get(f.faceId()).cosine(face.embedding()))));
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return new SearchResult(Optional.of(face), hits.stream().filter(h -> h.score() >= query.minScore()).limit(query.topK()).toList());
    }

    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return Optional.empty();
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return List.of();
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(records.getOrDefault(tenant + "|" + kind, new TreeMap<>()).get(key));
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        records.computeIfAbsent(tenant + "|" + kind, k -> new TreeMap<>()).put(key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return records.getOrDefault(tenant + "|" + kind, new TreeMap<>()).remove(key) != null;
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return new TreeMap<>(records.getOrDefault(tenant + "|" + kind, new TreeMap<>()));
    }

    @Override
    public void close() {
    }

    static BoundingBox box(double x, double y, double w, double h) {
        return new BoundingBox(x, y, w, h);
    }
}
