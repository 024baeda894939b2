package io.polyface.toolkit.engine;

import io.polyface.spi.engine.RecordStore;
import io.polyface.toolkit.connector.MemoryRecordStore;
import java.util.Optional;
import java.util.SortedMap;

/** A fake engine that holds tenant records in memory and fails the test on any other call (see {@link StrictFakeEngine}). */
public final class RecordsFakeEngine extends StrictFakeEngine {
    private final RecordStore records = new MemoryRecordStore();

    public RecordsFakeEngine() {
        super("records");
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return records.record(tenant, kind, key);
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        records.putRecord(tenant, kind, key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return records.deleteRecord(tenant, kind, key);
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return records.records(tenant, kind);
    }
}
