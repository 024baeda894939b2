package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The faces of a connector's index held in memory, ordered by face id within a holder, and handed
 * after each change to whoever writes them to an index file.
 *
 * <p>Thread-safe (every method synchronised; the writer runs under the same lock).
 */
public final class IndexedFaces implements FaceIndex {
    private final Map<String, TreeMap<String, IndexedFace>> byHolder = new HashMap<>();
    /** Empty for an index in memory only, which has nothing to hand its faces to. */
    private final Optional<Consumer<Map<String, List<IndexedFace>>>> changed;

    /** An index in memory only. */
    public IndexedFaces() {
        this.changed = Optional.empty();
    }

    /** @param changed given {@link #byHolder()} after each change, to write it out */
    public IndexedFaces(Consumer<Map<String, List<IndexedFace>>> changed) {
        this.changed = Optional.of(requireNonNull(changed, "changed is null"));
    }

    @Override
    public synchronized Optional<IndexedFace> face(String holder, String faceId) {
        return Optional.ofNullable(of(holder).get(faceId));
    }

    @Override
    public synchronized List<IndexedFace> faces(String holder) {
        return new ArrayList<>(of(holder).values());
    }

    @Override
    public synchronized List<IndexedFace> byBackendId(String holder, String backendId) {
        return of(holder).values().stream().filter(f -> f.backendId().equals(backendId)).toList();
    }

    @Override
    public synchronized Map<String, List<IndexedFace>> byBackendIds(String holder) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        of(holder).values().forEach(f -> byId.computeIfAbsent(f.backendId(), i -> new ArrayList<>()).add(f));
        return byId;
    }

    /** How many faces name this vendor id, in every holder. */
    public synchronized long bindings(String backendId) {
        return byHolder.values().stream().flatMap(m -> m.values().stream()).filter(f -> f.backendId().equals(backendId)).count();
    }

    @Override
    public synchronized void put(String holder, IndexedFace face) {
        byHolder.computeIfAbsent(holder, h -> new TreeMap<>()).put(face.faceId(), face);
        changed();
    }

    @Override
    public synchronized boolean remove(String holder, String faceId) {
        TreeMap<String, IndexedFace> faces = byHolder.get(holder);
        if (faces == null || faces.remove(faceId) == null) {
            return false;
        }
        changed();
        return true;
    }

    @Override
    public synchronized void removeHolder(String holder) {
        if (byHolder.remove(holder) != null) {
            changed();
        }
    }

    /** Adds faces read from an index file, without handing them back to be written. */
    public synchronized void load(String holder, IndexedFace face) {
        byHolder.computeIfAbsent(holder, h -> new TreeMap<>()).put(face.faceId(), face);
    }

    /** Every face, by holder in name order, then by face id. */
    public synchronized Map<String, List<IndexedFace>> byHolder() {
        Map<String, List<IndexedFace>> all = new TreeMap<>();
        byHolder.forEach((holder, faces) -> all.put(holder, new ArrayList<>(faces.values())));
        return all;
    }

    /** Hands every face to the writer, copied only when there is one. */
    private void changed() {
        changed.ifPresent(write -> write.accept(byHolder()));
    }

    private Map<String, IndexedFace> of(String holder) {
        return byHolder.getOrDefault(holder, new TreeMap<>());
    }
}
