package io.polyface.engine.testing;

import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

/**
 * The data of an {@link InMemoryFaceEngine}: collections and their faces, registered faces of images,
 * stored images, records and feature jobs, with the operations that need no detector. Engines built
 * {@code sharingDataWith} another hold the same store, as two gateway nodes on one database.
 * Thread-safe: every method holds the store's monitor, and the engine holds it too for calls that
 * read and then change the data.
 */
final class InMemoryStore {
    /** A collection's description and its faces, by face id in the order they went in. */
    static final class Collection {
        CollectionInfo info;
        final Map<String, Stored> faces = new LinkedHashMap<>();

        Collection(CollectionInfo info) {
            this.info = info;
        }
    }

    /** A face with the embedding it is searched by. */
    record Stored(StoredFace face, Embedding embedding) {
    }

    private final Map<String, List<DetectedFace>> registered = new HashMap<>();
    private final Map<CollectionRef, Collection> collections = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> images = new HashMap<>();
    private final Map<String, Map<String, TreeMap<String, String>>> records = new HashMap<>();
    private final Map<String, FeatureJob> jobs = new LinkedHashMap<>();
    private long ids;

    // ---- images -------------------------------------------------------------------------------

    synchronized void register(byte[] image, List<DetectedFace> faces) {
        registered.put(key(image), faces);
    }

    /** The faces a test registered for these bytes, if it did. */
    synchronized Optional<List<DetectedFace>> registered(byte[] image) {
        return Optional.ofNullable(registered.get(key(image)));
    }

    private static String key(byte[] image) {
        return Integer.toHexString(Arrays.hashCode(image)) + ":" + image.length;
    }

    /** A new id, unique in the store, that starts with the prefix. */
    synchronized String nextId(String prefix) {
        return prefix + (++ids);
    }

    synchronized String storeImage(String tenant, byte[] image) {
        String id = nextId("img-");
        images.computeIfAbsent(tenant, t -> new HashMap<>()).put(id, image.clone());
        return id;
    }

    synchronized Optional<byte[]> image(String tenant, String imageId) {
        return Optional.ofNullable(images.getOrDefault(tenant, Map.of()).get(imageId)).map(byte[]::clone);
    }

    // ---- collections --------------------------------------------------------------------------

    synchronized CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec, Clock clock) {
        if (collections.containsKey(ref)) {
            throw new FaceException.AlreadyExists(Resource.COLLECTION, ref.name());
        }
        if (spec.maxCollectionsPerTenant().isPresent()) {
            int limit = spec.maxCollectionsPerTenant().getAsInt();
            if (collections.keySet().stream().filter(c -> c.tenant().equals(ref.tenant())).count() >= limit) {
                throw new FaceException.QuotaExceeded(FaceException.Quota.COLLECTIONS, limit,
                        "the tenant owns " + limit + " collections");
            }
        }
        Instant now = clock.instant();
        Collection created = new Collection(new CollectionInfo(ref, spec, now, now, 0, 0));
        collections.put(ref, created);
        return created.info;
    }

    synchronized Optional<CollectionInfo> collection(CollectionRef ref) {
        return Optional.ofNullable(collections.get(ref)).map(c -> c.info);
    }

    synchronized List<CollectionInfo> collections(String tenant) {
        return collections.values().stream().map(c -> c.info).filter(c -> c.ref().tenant().equals(tenant)).toList();
    }

    synchronized long clearCollection(CollectionRef ref, Clock clock) {
        Collection collection = existing(ref);
        long count = collection.faces.size();
        collection.faces.clear();
        changed(collection, clock.instant());
        return count;
    }

    synchronized void deleteCollection(CollectionRef ref) {
        existing(ref);
        collections.remove(ref);
    }

    synchronized CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes, Clock clock) {
        Collection collection = existing(ref);
        CollectionInfo old = collection.info;
        collection.info = new CollectionInfo(ref, old.spec().withAttributes(attributes), old.createdAt(), clock.instant(),
                old.faceCount(), old.version());
        return collection.info;
    }

    synchronized Collection existing(CollectionRef ref) {
        Collection collection = collections.get(ref);
        if (collection == null) {
            throw new FaceException.NotFound(Resource.COLLECTION, ref.name());
        }
        return collection;
    }

    /** Counts the faces again and moves the collection's version on. */
    static void changed(Collection collection, Instant now) {
        CollectionInfo old = collection.info;
        collection.info = new CollectionInfo(old.ref(), old.spec(), old.createdAt(), now, collection.faces.size(),
                old.version() + 1);
    }

    /** Why a face of this tag cannot go in, if it cannot. */
    static Optional<FaceException> full(Collection collection, String tag, long adding) {
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

    private static long tagCount(Collection collection, String tag) {
        return collection.faces.values().stream().filter(s -> s.face().tag().equals(tag)).count();
    }

    // ---- faces --------------------------------------------------------------------------------

    synchronized List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return existing(ref).faces.values().stream().map(Stored::face).filter(f -> f.tag().equals(tag)).toList();
    }

    synchronized long deleteFacesByTag(CollectionRef ref, String tag, Clock clock) {
        Collection collection = existing(ref);
        int before = collection.faces.size();
        collection.faces.values().removeIf(s -> s.face().tag().equals(tag));
        long removed = before - collection.faces.size();
        if (removed > 0) {
            changed(collection, clock.instant());
        }
        return removed;
    }

    synchronized Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return Optional.ofNullable(existing(ref).faces.get(faceId)).map(Stored::face);
    }

    synchronized boolean deleteFace(CollectionRef ref, String faceId, Clock clock) {
        Collection collection = existing(ref);
        boolean removed = collection.faces.remove(faceId) != null;
        if (removed) {
            changed(collection, clock.instant());
        }
        return removed;
    }

    synchronized StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update, Clock clock) {
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
        changed(collection, clock.instant());
        return updated;
    }

    synchronized List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies, Clock clock) {
        Collection into = existing(target);
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (FaceCopy copy : copies) {
            Optional<Stored> source = Optional.ofNullable(collections.get(copy.source()))
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
            changed(into, clock.instant());
            outcomes.add(new EnrolOutcome.Enrolled(stored));
        }
        return outcomes;
    }

    /** Stores faces given as vectors, all or none; a vector must have the dimension, if there is one. */
    synchronized List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces, OptionalInt dimension, Clock clock) {
        Collection collection = existing(ref);
        Set<String> ids = new HashSet<>();
        Map<String, Long> perTag = new HashMap<>();
        for (VectorFace face : faces) {
            checkVector(face, dimension);
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
        changed(collection, clock.instant());
        return stored;
    }

    /** Replaces the vectors of stored faces, all or none; each keeps the time it first went in. */
    synchronized List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces, OptionalInt dimension,
            Clock clock) {
        Collection collection = existing(ref);
        Set<String> ids = new HashSet<>();
        for (VectorFace face : faces) {
            checkVector(face, dimension);
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
        changed(collection, clock.instant());
        return stored;
    }

    private static void checkVector(VectorFace face, OptionalInt dimension) {
        float[] vector = face.vector();
        dimension.ifPresent(length -> {
            if (vector.length != length) {
                throw new FaceException.InvalidArgument("vector", "face " + face.faceId() + " has " + vector.length
                        + " values, not " + length);
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

    synchronized Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        return Optional.ofNullable(existing(ref).faces.get(faceId)).map(Stored::embedding);
    }

    synchronized Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
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

    // ---- search -------------------------------------------------------------------------------

    /**
     * The faces of the query's collections scored by cosine similarity to the probe, best first,
     * bounded by the query's minimum score and top K, each tag once if the query asks so.
     */
    synchronized List<SearchHit> hits(SearchQuery query, Embedding probe) {
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
        return chosen;
    }

    // ---- feature jobs -------------------------------------------------------------------------

    synchronized void addJob(FeatureJob job) {
        jobs.put(job.id(), job);
    }

    synchronized Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).filter(j -> j.collection().tenant().equals(tenant));
    }

    synchronized List<FeatureJob> featureJobs(String tenant) {
        List<FeatureJob> ofTenant = new ArrayList<>(jobs.values().stream()
                .filter(j -> j.collection().tenant().equals(tenant)).toList());
        return ofTenant.reversed();
    }

    synchronized ImageCheck checkImages(CollectionRef ref) {
        Collection collection = existing(ref);
        Map<String, byte[]> ofTenant = images.getOrDefault(ref.tenant(), Map.of());
        long available = collection.faces.values().stream().filter(s -> ofTenant.containsKey(s.face().imageId())).count();
        return new ImageCheck(collection.faces.size(), available, collection.faces.size() - available);
    }

    // ---- records and tenants ------------------------------------------------------------------

    private TreeMap<String, String> kind(String tenant, String kind) {
        return records.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(kind, k -> new TreeMap<>());
    }

    synchronized Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(kind(tenant, kind).get(key));
    }

    synchronized void putRecord(String tenant, String kind, String key, String json) {
        kind(tenant, kind).put(key, json);
    }

    synchronized boolean deleteRecord(String tenant, String kind, String key) {
        return kind(tenant, kind).remove(key) != null;
    }

    synchronized SortedMap<String, String> records(String tenant, String kind) {
        return new TreeMap<>(kind(tenant, kind));
    }

    synchronized SortedSet<String> tenants() {
        SortedSet<String> tenants = new TreeSet<>();
        collections.keySet().forEach(c -> tenants.add(c.tenant()));
        images.forEach((tenant, ofTenant) -> {
            if (!ofTenant.isEmpty()) {
                tenants.add(tenant);
            }
        });
        records.forEach((tenant, kinds) -> {
            if (kinds.values().stream().anyMatch(k -> !k.isEmpty())) {
                tenants.add(tenant);
            }
        });
        jobs.values().forEach(j -> tenants.add(j.collection().tenant()));
        return tenants;
    }

    synchronized ErasedTenant eraseTenant(String tenant) {
        List<CollectionRef> erased = collections.keySet().stream().filter(c -> c.tenant().equals(tenant)).toList();
        long faces = erased.stream().mapToLong(c -> collections.get(c).faces.size()).sum();
        erased.forEach(collections::remove);
        Map<String, byte[]> erasedImages = images.remove(tenant);
        Map<String, TreeMap<String, String>> erasedRecords = records.remove(tenant);
        long erasedJobs = jobs.values().stream().filter(j -> j.collection().tenant().equals(tenant)).count();
        jobs.values().removeIf(j -> j.collection().tenant().equals(tenant));
        return new ErasedTenant(tenant, erased.size(), faces, erasedImages == null ? 0 : erasedImages.size(),
                erasedRecords == null ? 0 : erasedRecords.values().stream().mapToLong(Map::size).sum(), erasedJobs);
    }
}
