package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.polyface.engine.local.pipeline.FaceEmbedder;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@code collections} collection: one document per collection (tenant, name, spec fields,
 * createdAt, updatedAt, faceCount and the version counter of {@link CollectionVersions}), unique
 * on (tenant, name). Thread-safe.
 */
final class StoredCollections {

    private final MongoFaceStore store;
    private final MongoCollection<Document> collections;

    StoredCollections(MongoFaceStore store, MongoCollection<Document> collections) {
        this.store = store;
        this.collections = collections;
    }

    Optional<CollectionRecord> findCollection(CollectionRef ref) {
        return store.call("read collection", () -> Optional.ofNullable(collections.find(collectionFilter(ref)).first())
                .map(StoredCollections::toCollection));
    }

    /** The tenant's collections in order of creation. */
    List<CollectionRecord> findCollections(String tenant) {
        return store.call("list collections", () -> collections.find(eq("tenant", tenant))
                .sort(Sorts.ascending("createdAt", "_id"))
                .map(StoredCollections::toCollection)
                .into(new ArrayList<>()));
    }

    long countCollections(String tenant) {
        return store.call("count collections", () -> collections.countDocuments(eq("tenant", tenant)));
    }

    /** @throws FaceException.AlreadyExists if (tenant, name) is taken */
    CollectionRecord insertCollection(CollectionRef ref, CollectionSpec spec, Instant now) {
        Document doc = new Document("_id", new ObjectId())
                .append("tenant", ref.tenant())
                .append("name", ref.name())
                .append("createdAt", Date.from(now))
                .append("updatedAt", Date.from(now))
                .append("faceCount", 0L)
                .append("version", 0L);
        spec.capacity().ifPresent(v -> doc.append("capacity", v));
        spec.maxFacesPerTag().ifPresent(v -> doc.append("maxFacesPerTag", v));
        spec.maxCollectionsPerTenant().ifPresent(v -> doc.append("maxCollectionsPerTenant", v));
        doc.append("featureVersion", spec.featureVersion().orElseThrow());
        doc.append("attributes", new Document(new TreeMap<String, Object>(spec.attributes())));
        try {
            store.call("create collection", () -> collections.insertOne(doc));
        } catch (FaceException.BackendUnavailable e) {
            if (e.getCause() instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
            }
            throw e;
        }
        return toCollection(doc);
    }

    boolean deleteCollection(CollectionRef ref) {
        return store.call("delete collection", () -> collections.deleteOne(collectionFilter(ref)).getDeletedCount() > 0);
    }

    /** Replaces the collection's attributes; empty when the collection is gone. */
    Optional<CollectionRecord> updateAttributes(CollectionRef ref, Map<String, String> attributes, Instant now) {
        return updateCollection(ref, Updates.combine(
                Updates.set("attributes", new Document(new TreeMap<String, Object>(attributes))),
                Updates.set("updatedAt", Date.from(now))));
    }

    private Optional<CollectionRecord> updateCollection(CollectionRef ref, Bson update) {
        return store.call("update collection", () -> Optional.ofNullable(collections.findOneAndUpdate(
                        collectionFilter(ref), update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(StoredCollections::toCollection));
    }

    static Bson collectionFilter(CollectionRef ref) {
        return and(eq("tenant", ref.tenant()), eq("name", ref.name()));
    }

    static CollectionRecord toCollection(Document d) {
        CollectionSpec spec = new CollectionSpec(
                d.get("capacity") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(),
                d.get("maxFacesPerTag") instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty(),
                d.get("maxCollectionsPerTenant") instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty(),
                // Collections made before feature versions were recorded hold the first one.
                Optional.of(Optional.ofNullable(d.getString("featureVersion")).orElse(FaceEmbedder.FEATURE_VERSION)),
                attributesOf(d.get("attributes", Document.class)));
        CollectionInfo info = new CollectionInfo(
                new CollectionRef(d.getString("tenant"), d.getString("name")),
                spec,
                d.getDate("createdAt").toInstant(),
                d.getDate("updatedAt").toInstant(),
                ((Number) d.get("faceCount")).longValue(),
                ((Number) d.get("version")).longValue());
        Document pending = d.get(CollectionVersions.PENDING_WRITES, Document.class);
        return new CollectionRecord(d.getObjectId("_id"), info, pending == null ? Set.of() : pending.keySet());
    }

    private static Map<String, String> attributesOf(Document attributes) {
        Map<String, String> values = new TreeMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> values.put(k, String.valueOf(v)));
        }
        return values;
    }
}
