package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The {@code records} collection: dialects' small JSON documents by (tenant, kind, key). Thread-safe. */
final class StoredRecords {

    private final MongoFaceStore store;
    private final MongoCollection<Document> records;

    StoredRecords(MongoFaceStore store, MongoCollection<Document> records) {
        this.store = store;
        this.records = records;
    }

    private static Bson recordFilter(String tenant, String kind, String key) {
        return and(eq("tenant", tenant), eq("kind", kind), eq("key", key));
    }

    Optional<String> record(String tenant, String kind, String key) {
        return store.call("read record", () -> Optional.ofNullable(records.find(recordFilter(tenant, kind, key)).first())
                .map(d -> d.getString("json")));
    }

    void putRecord(String tenant, String kind, String key, String json, Instant now) {
        store.call("write record", () -> records.updateOne(recordFilter(tenant, kind, key),
                Updates.combine(Updates.set("json", json), Updates.set("updatedAt", Date.from(now))),
                new UpdateOptions().upsert(true)));
    }

    boolean deleteRecord(String tenant, String kind, String key) {
        return store.call("delete record", () -> records.deleteOne(recordFilter(tenant, kind, key)).getDeletedCount() > 0);
    }

    SortedMap<String, String> records(String tenant, String kind) {
        SortedMap<String, String> found = new TreeMap<>();
        store.call("read records", () -> {
            records.find(and(eq("tenant", tenant), eq("kind", kind)))
                    .forEach(d -> found.put(d.getString("key"), d.getString("json")));
            return null;
        });
        return found;
    }
}
