package io.polyface.spi.engine;

import java.util.Optional;
import java.util.SortedMap;

/**
 * Small JSON documents by tenant, kind and key, durable when a call returns: the records a {@link
 * FaceEngine} keeps, offered on their own to what has no database of its own (a remote engine's
 * connector keeping the ids its backend cannot hold), so that every gateway node on one database
 * sees the same ones.
 */
public interface RecordStore {
    Optional<String> record(String tenant, String kind, String key);

    /** Writes or replaces a record. */
    void putRecord(String tenant, String kind, String key, String json);

    /** Deletes a record; false when there was none. */
    boolean deleteRecord(String tenant, String kind, String key);

    /** All records of a kind, by key. */
    SortedMap<String, String> records(String tenant, String kind);
}
