package io.polyface.plugin.qiniu;

import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An engine that holds tenant records in memory, which is all Qiniu's image groups store; any
 * other call fails the test, so a route that must refuse before it stores proves it did.
 */
final class QiniuRecordsEngine extends ForwardingFaceEngine {
    private final Map<String, TreeMap<String, String>> records = new HashMap<>();

    @Override
    protected FaceEngine delegate() {
        throw new AssertionError("this engine has no delegate");
    }

    @Override
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        throw new AssertionError("unexpected engine call: " + operation);
    }

    @Override
    public String name() {
        return "records";
    }

    private TreeMap<String, String> kind(String tenant, String kind) {
        return records.computeIfAbsent(tenant + "\n" + kind, k -> new TreeMap<>());
    }

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        return Optional.ofNullable(kind(tenant, kind).get(key));
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        kind(tenant, kind).put(key, json);
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        return kind(tenant, kind).remove(key) != null;
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(kind(tenant, kind)));
    }
}
