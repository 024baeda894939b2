package io.polyface.toolkit.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The faces of a connector's index held in memory, by holder (a group, a faceset) and face id,
 * ordered by face id within a holder: what an index file holds. See {@link IndexedFaceRecords}
 * for the same faces in the gateway's database.
 *
 * <p>Not thread-safe: its owner synchronises.
 */
public final class IndexedFaces {
    private final Map<String, TreeMap<String, IndexedFace>> byHolder = new HashMap<>();

    public Optional<IndexedFace> face(String holder, String faceId) {
        return Optional.ofNullable(of(holder).get(faceId));
    }

    /** The faces of a holder, by face id. */
    public List<IndexedFace> faces(String holder) {
        return new ArrayList<>(of(holder).values());
    }

    /** The faces of a holder that name this vendor id, by face id. */
    public List<IndexedFace> byBackendId(String holder, String backendId) {
        return of(holder).values().stream().filter(f -> f.backendId().equals(backendId)).toList();
    }

    /** The faces of a holder by the vendor id they name. */
    public Map<String, List<IndexedFace>> byBackendIds(String holder) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        of(holder).values().forEach(f -> byId.computeIfAbsent(f.backendId(), i -> new ArrayList<>()).add(f));
        return byId;
    }

    /** How many faces name this vendor id, in every holder. */
    public long bindings(String backendId) {
        return byHolder.values().stream().flatMap(m -> m.values().stream()).filter(f -> f.backendId().equals(backendId)).count();
    }

    public void put(String holder, IndexedFace face) {
        byHolder.computeIfAbsent(holder, h -> new TreeMap<>()).put(face.faceId(), face);
    }

    /** @return whether the holder had the face */
    public boolean remove(String holder, String faceId) {
        TreeMap<String, IndexedFace> faces = byHolder.get(holder);
        return faces != null && faces.remove(faceId) != null;
    }

    /** Forgets a holder's faces; returns whether it had any entry. */
    public boolean removeHolder(String holder) {
        return byHolder.remove(holder) != null;
    }

    /** Every face, by holder in name order, then by face id. */
    public Map<String, List<IndexedFace>> byHolder() {
        Map<String, List<IndexedFace>> all = new TreeMap<>();
        byHolder.forEach((holder, faces) -> all.put(holder, new ArrayList<>(faces.values())));
        return all;
    }

    private Map<String, IndexedFace> of(String holder) {
        return byHolder.getOrDefault(holder, new TreeMap<>());
    }
}
