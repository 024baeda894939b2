package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A search over one or more collections of a tenant: the probe's embedding, each collection's
 * index brought up to date and searched, and the hits merged best first and read from MongoDB
 * (a face deleted since the scan is left out). Thread-safe.
 */
final class CollectionSearch {

    private final MongoFaceStore store;
    private final CollectionIndexes indexes;
    private final FaceAnalysis analysis;

    CollectionSearch(MongoFaceStore store, CollectionIndexes indexes, FaceAnalysis analysis) {
        this.store = requireNonNull(store, "store is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.analysis = requireNonNull(analysis, "analysis is null");
    }

    SearchResult search(SearchQuery query) {
        Set<CollectionRef> refs = new LinkedHashSet<>(query.collections());
        String tenant = query.collections().getFirst().tenant();
        if (refs.stream().anyMatch(ref -> !ref.tenant().equals(tenant))) {
            throw new FaceException.InvalidArgument("collections", "a search covers the collections of one tenant");
        }
        Map<CollectionRef, CollectionRecord> records = new LinkedHashMap<>();
        for (CollectionRef ref : refs) {
            records.put(ref, store.requireCollection(ref));
        }
        Set<String> versions = new TreeSet<>();
        records.values().forEach(r -> versions.add(r.info().featureVersion()));
        if (versions.size() > 1) {
            throw new FaceException.InvalidArgument("collections",
                    "the collections hold different feature versions " + versions + " and cannot be searched together");
        }
        String version = versions.iterator().next();
        Optional<DetectedFace> probeFace;
        Embedding probe;
        switch (query.probe()) {
            case Probe.ImageProbe image -> {
                DetectedFace face = analysis.face(image.image(), image.region(), version);
                probeFace = Optional.of(face);
                probe = face.embedding();
            }
            case Probe.EmbeddingProbe embedding -> {
                probeFace = Optional.empty();
                probe = embedding.embedding();
            }
            case Probe.StoredFaceProbe stored -> {
                probeFace = Optional.empty();
                probe = storedEmbedding(stored, tenant, version);
            }
        }
        if (!probe.featureVersion().equals(version)) {
            throw new FaceException.InvalidArgument("probe", "probe has feature version " + probe.featureVersion()
                    + ", the collections " + version);
        }
        return new SearchResult(probeFace, merge(query, candidates(query, records, probe)));
    }

    private record Candidate(CollectionRef collection, VectorIndex.Hit hit) {}

    /** At most topK hits per collection, best first. */
    private List<Candidate> candidates(SearchQuery query, Map<CollectionRef, CollectionRecord> records, Embedding probe) {
        List<Candidate> candidates = new ArrayList<>();
        for (var entry : records.entrySet()) {
            Optional<VectorIndex> index = indexes.current(entry.getKey(), entry.getValue()).index();
            if (index.isEmpty()) {
                continue;
            }
            if (index.get().dimension() != probe.vector().length) {
                throw new FaceException.InvalidArgument("probe", "probe has " + probe.vector().length
                        + " dimensions, the collection " + index.get().dimension());
            }
            for (VectorIndex.Hit hit : index.get().search(probe.vector(), query.topK(), query.minScore(), query.distinctTags())) {
                candidates.add(new Candidate(entry.getKey(), hit));
            }
        }
        // At most topK per collection: sorting this short list is cheap.
        candidates.sort(Comparator.comparingDouble((Candidate c) -> c.hit().score()).reversed());
        return candidates;
    }

    /** The best topK of the candidates still stored, a tag found in two collections counting once. */
    private List<SearchHit> merge(SearchQuery query, List<Candidate> candidates) {
        Map<CollectionRef, Map<String, StoredFace>> faces = new HashMap<>();
        candidates.stream()
                .collect(groupingBy(Candidate::collection, mapping(c -> c.hit().faceId(), toList())))
                .forEach((ref, ids) -> {
                    Map<String, StoredFace> byId = new HashMap<>();
                    store.facesById(ref, ids).forEach(f -> byId.put(f.faceId(), f));
                    faces.put(ref, byId);
                });
        List<SearchHit> hits = new ArrayList<>();
        Set<String> seenTags = new HashSet<>();
        for (Candidate candidate : candidates) {
            StoredFace face = faces.get(candidate.collection()).get(candidate.hit().faceId());
            // A face deleted since the scan is gone; the same tag in two collections counts once.
            if (face == null || (query.distinctTags() && !seenTags.add(face.tag()))) {
                continue;
            }
            hits.add(new SearchHit(face, candidate.hit().score()));
            if (hits.size() == query.topK()) {
                break;
            }
        }
        return hits;
    }

    /** The stored embedding a {@link Probe.StoredFaceProbe} names, in the searched version. */
    private Embedding storedEmbedding(Probe.StoredFaceProbe stored, String tenant, String version) {
        if (!stored.collection().tenant().equals(tenant)) {
            throw new FaceException.InvalidArgument("probe", "a search covers the collections of one tenant");
        }
        store.requireCollection(stored.collection());
        if (store.face(stored.collection(), stored.faceId()).isEmpty()) {
            throw new FaceException.NotFound(Resource.FACE, stored.faceId());
        }
        float[] vector = store.embedding(stored.collection(), stored.faceId(), version)
                .orElseThrow(() -> new FaceException.InvalidArgument("probe",
                        "face " + stored.faceId() + " has no embedding of feature version " + version));
        return new Embedding(vector, version);
    }
}
