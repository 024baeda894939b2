package io.polyface.toolkit.connector;

import io.polyface.spi.engine.RecordStore;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The gateway's database as a connector sees it, in memory: what several nodes would share. Thread-safe. */
public final class MemoryRecordStore implements RecordStore {
    private final Map<String, SortedMap<String, String>> kinds = new ConcurrentHashMap<>();

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(of(tenant, kind).get(key));
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        of(tenant, kind).put(key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return of(tenant, kind).remove(key) != null;
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return new TreeMap<>(of(tenant, kind));
    }

    /** How many records there are of every kind whose name starts so. */
    public long count(String tenant, String kindPrefix) {
        return kinds.entrySet().stream().filter(e -> e.getKey().startsWith(tenant + "\n" + kindPrefix))
                .mapToLong(e -> e.getValue().size()).sum();
    }

    private SortedMap<String, String> of(String tenant, String kind) {
        return kinds.computeIfAbsent(tenant + "\n" + kind, k -> Collections.synchronizedSortedMap(new TreeMap<>()));
    }
}
