package io.polyface.plugin.dmai;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.engine.StrictFakeEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An engine holding what the DM-AI dialect stores, collections and tagged faces, in memory; every
 * image has one face, and search finds every face of the collection. A call the dialect does not
 * make fails the test (see {@link StrictFakeEngine}).
 */
final class DmaiFakeEngine extends StrictFakeEngine {
    private static final BoundingBox BOX = new BoundingBox(0, 0, 10, 10);

    private final Map<CollectionRef, CollectionInfo> collections = new LinkedHashMap<>();
    private final Map<CollectionRef, List<StoredFace>> faces = new LinkedHashMap<>();
    private int nextId;

    /** The tags of a collection's faces, in order of enrolment. */
    List<String> tags(CollectionRef ref) {
        return faces.getOrDefault(ref, List.of()).stream().map(StoredFace::tag).toList();
    }

    DmaiFakeEngine() {
        super("fake");
    }

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        if (collections.containsKey(ref)) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
        }
        CollectionInfo info = new CollectionInfo(ref, spec.withFeatureVersion("fake-v1"), Instant.EPOCH, Instant.EPOCH, 0, 0);
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
        if (existing(ref).stream().noneMatch(f -> f.tag().equals(tag))) {
            throw new FaceException.NotFound(FaceException.Resource.TAG, tag);
        }
        deleteFacesByTag(ref, tag);
        return addFaces(ref, replacements);
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        List<StoredFace> held = existing(ref);
        int before = held.size();
        held.removeIf(f -> f.tag().equals(tag));
        return before - held.size();
    }

    @Override
    public SearchResult search(SearchQuery query) {
        List<SearchHit> hits = query.collections().stream().flatMap(ref -> existing(ref).stream())
                .map(face -> new SearchHit(face, 1.0)).limit(query.topK()).toList();
        return new SearchResult(Optional.empty(), hits);
    }

    private List<StoredFace> existing(CollectionRef ref) {
        List<StoredFace> held = faces.get(ref);
        if (held == null) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        return held;
    }
}
