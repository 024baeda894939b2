package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.RecordStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * The records one connector keeps in the gateway's database, for the one tenant it serves, under
 * kinds of its own ({@code <vendor>-connector/<engine>/<kind>}), so that every gateway node reads
 * and writes the same. Nothing is cached.
 *
 * <p>Thread-safe: it holds no state of its own.
 */
public final class ConnectorRecords {
    private final RecordStore store;
    private final String tenant;
    private final String prefix;

    /** @param vendor the vendor's id, the first word of every kind ("facepass") */
    public ConnectorRecords(RecordStore store, String tenant, String vendor, String engineName) {
        this.store = requireNonNull(store, "store is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.prefix = requireNonNull(vendor, "vendor is null") + "-connector/" + requireNonNull(engineName, "engineName is null") + "/";
    }

    public Optional<String> get(String kind, String key) {
        return store.record(tenant, prefix + kind, key);
    }

    public void put(String kind, String key, String json) {
        store.putRecord(tenant, prefix + kind, key, json);
    }

    public boolean delete(String kind, String key) {
        return store.deleteRecord(tenant, prefix + kind, key);
    }

    /** Every record of a kind, by key. */
    public SortedMap<String, String> all(String kind) {
        return store.records(tenant, prefix + kind);
    }

    /**
     * Copies an index file in, once per file: {@code copy} runs unless this file was imported
     * before, and the file is then marked imported.
     *
     * @return whether the copy ran
     */
    public boolean importOnce(Path file, Runnable copy) {
        String key = file.toAbsolutePath().toString();
        if (get("imported", key).isPresent()) {
            return false;
        }
        copy.run();
        put("imported", key, "{\"at\":\"" + Instant.now() + "\"}");
        return true;
    }

    /**
     * Writes every face of an index (by group, faceset or other holder of faces) with {@code put},
     * for an import.
     *
     * @return how many faces were written
     */
    public static int putAll(Map<String, List<IndexedFace>> facesByHolder, BiConsumer<String, IndexedFace> put) {
        int faces = 0;
        for (Map.Entry<String, List<IndexedFace>> holder : facesByHolder.entrySet()) {
            for (IndexedFace face : holder.getValue()) {
                put.accept(holder.getKey(), face);
                faces++;
            }
        }
        return faces;
    }
}
