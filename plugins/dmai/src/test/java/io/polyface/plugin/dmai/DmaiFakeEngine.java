package io.polyface.plugin.dmai;

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
import io.polyface.spi.engine.FeatureVersion;
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

/**
 * An engine holding what the DM-AI dialect stores, collections and tagged faces, in memory; every
 * image has one face, and search finds every face of the collection. Calls the dialect never makes
 * fail the test.
 */
final class DmaiFakeEngine implements FaceEngine {
    private static final String VERSION = "fake-v1";
    private static final BoundingBox BOX = new BoundingBox(0, 0, 10, 10);

    private final Map<CollectionRef, CollectionInfo> collections = new LinkedHashMap<>();
    private final Map<CollectionRef, List<StoredFace>> faces = new LinkedHashMap<>();
    private int nextId;

    /** The tags of a collection's faces, in order of enrolment. */
    List<String> tags(CollectionRef ref) {
        return faces.getOrDefault(ref, List.of()).stream().map(StoredFace::tag).toList();
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
        throw unused();
    }

    @Override
    public EngineHealth health() {
        return new EngineHealth(true, Map.of());
    }

    @Override
    public void close() {
    }

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        if (collections.containsKey(ref)) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
        }
        CollectionInfo info = new CollectionInfo(ref, spec.withFeatureVersion(VERSION), Instant.EPOCH, Instant.EPOCH, 0, 0);
        collections.put(ref, info);
        faces.put(ref, new ArrayList<>());
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
        List<StoredFace> held = existing(ref);
        long cleared = held.size();
        held.clear();
        return cleared;
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        existing(ref);
        collections.remove(ref);
        faces.remove(ref);
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        throw unused();
    }

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> added) {
        List<StoredFace> held = existing(ref);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (NewFace face : added) {
            StoredFace stored = new StoredFace("face-" + nextId++, ref, face.tag(), face.description(), face.userData(), BOX, "",
                    Instant.EPOCH);
            held.add(stored);
            outcomes.add(new EnrolOutcome.Enrolled(stored, Optional.empty()));
        }
        return outcomes;
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> replacements) {
        if (facesByTag(ref, tag).isEmpty()) {
            throw new FaceException.NotFound(FaceException.Resource.TAG, tag);
        }
        deleteFacesByTag(ref, tag);
        return addFaces(ref, replacements);
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return existing(ref).stream().filter(f -> f.tag().equals(tag)).toList();
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        List<StoredFace> held = existing(ref);
        int before = held.size();
        held.removeIf(f -> f.tag().equals(tag));
        return before - held.size();
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        throw unused();
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        throw unused();
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        throw unused();
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        throw unused();
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        throw unused();
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        throw unused();
    }

    @Override
    public SearchResult search(SearchQuery query) {
        List<SearchHit> hits = query.collections().stream().flatMap(ref -> existing(ref).stream())
                .map(face -> new SearchHit(face, 1.0)).limit(query.topK()).toList();
        return new SearchResult(Optional.empty(), hits);
    }

    @Override
    public List<DetectedFace> detect(byte[] image) {
        throw unused();
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        throw unused();
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        throw unused();
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        throw unused();
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        throw unused();
    }

    private List<StoredFace> existing(CollectionRef ref) {
        List<StoredFace> held = faces.get(ref);
        if (held == null) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        return held;
    }

    private static AssertionError unused() {
        return new AssertionError("the DM-AI dialect does not make this call");
    }
}
