package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.cursor.TimeoutMode;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.engine.local.store.MongoFaceStore.FaceSource;
import io.polyface.engine.local.store.MongoFaceStore.IndexedVector;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

/**
 * The {@code faces} collection: one document per face (see {@link FaceCodec}), read and written by
 * face id within a collection. Reads by id go by {@code _id} alone, which every MongoDB, the
 * embedded one included, answers from its index. Thread-safe.
 */
final class StoredFaces {

    /** How long one batch of a bulk read (an index load) may take. */
    static final Duration BULK_READ_TIMEOUT = Duration.ofMinutes(10);

    private final MongoFaceStore store;
    private final MongoCollection<Document> faces;

    StoredFaces(MongoFaceStore store, MongoCollection<Document> faces) {
        this.store = store;
        this.faces = faces;
    }

    void insertFaces(List<FaceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Document> docs = records.stream().map(FaceCodec::toDocument).toList();
        store.call("insert faces", () -> faces.insertMany(docs));
    }

    long countFaces(CollectionRef ref) {
        return store.call("count faces", () -> faces.countDocuments(facesOf(ref)));
    }

    long countFacesByTag(CollectionRef ref, String tag) {
        return store.call("count faces", () -> faces.countDocuments(and(facesOf(ref), eq("tag", tag))));
    }

    /** The faces of a tag, oldest first. */
    List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return store.call("read faces", () -> faces.find(and(facesOf(ref), eq("tag", tag)))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("seq", "faceId"))
                .map(FaceCodec::toFace)
                .into(new ArrayList<>()));
    }

    List<FaceKey> faceKeysByTag(CollectionRef ref, String tag) {
        return store.call("read faces", () -> faces.find(and(facesOf(ref), eq("tag", tag)))
                .projection(Projections.include("faceId", "imageId"))
                .map(d -> new FaceKey(d.getString("faceId"), d.getString("imageId")))
                .into(new ArrayList<>()));
    }

    /** The embedding of one feature version of a face, if it has one. */
    Optional<float[]> embedding(CollectionRef ref, String faceId, String featureVersion) {
        return store.call("read embedding", () -> Optional.ofNullable(faces.withDocumentClass(RawBsonDocument.class)
                        .find(and(facesOf(ref), eq("faceId", faceId))).first())
                .flatMap(d -> FaceCodec.vectorOf(d, featureVersion)));
    }

    /** Adds (or replaces) one feature version's embedding of a face; false when the face is gone. */
    boolean putEmbedding(CollectionRef ref, String faceId, String featureVersion, float[] vector) {
        return store.call("write embedding", () -> faces.updateOne(and(facesOf(ref), eq("faceId", faceId)),
                Updates.set("embeddings." + featureVersion, FaceCodec.encode(vector))).getMatchedCount() > 0);
    }

    /** Drops one feature version's embeddings from every face of a collection. */
    void dropEmbeddings(CollectionRef ref, String featureVersion) {
        store.call("drop embeddings", () -> faces.updateMany(facesOf(ref), Updates.unset("embeddings." + featureVersion)));
    }

    /** Face id, image id and box of every face of a collection, in creation order. */
    List<FaceSource> faceSources(CollectionRef ref) {
        return store.call("read faces", () -> faces.find(facesOf(ref))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("seq", "faceId"))
                .map(d -> new FaceSource(FaceCodec.toFace(d), ((Number) d.get("seq")).longValue()))
                .into(new ArrayList<>()));
    }

    /** Changes a face's tag, description and user data as given; empty when there is no such face. */
    Optional<StoredFace> updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        List<Bson> changes = new ArrayList<>();
        update.tag().ifPresent(v -> changes.add(Updates.set("tag", v)));
        update.description().ifPresent(v -> changes.add(Updates.set("description", v)));
        update.userData().ifPresent(v -> changes.add(Updates.set("userData", v)));
        if (changes.isEmpty()) {
            return face(ref, faceId);
        }
        return store.call("update face", () -> Optional.ofNullable(faces.findOneAndUpdate(
                        and(facesOf(ref), eq("faceId", faceId)), Updates.combine(changes),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(Projections.exclude("embedding", "embeddings"))))
                .map(FaceCodec::toFace));
    }

    Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return store.call("read face", () -> Optional.ofNullable(faces.find(and(facesOf(ref), eq("faceId", faceId)))
                        .projection(Projections.exclude("embedding", "embeddings"))
                        .first())
                .map(FaceCodec::toFace));
    }

    /** The faces with these ids in one collection, in no particular order. */
    List<StoredFace> facesById(CollectionRef ref, Collection<String> faceIds) {
        if (faceIds.isEmpty()) {
            return List.of();
        }
        // By _id alone, which every MongoDB (the embedded one included) answers from the _id index;
        // with more in the filter, the embedded server scans the whole collection (seconds at 100k
        // faces). Faces stored before face ids were per collection have the bare id as _id.
        List<Object> keys = new ArrayList<>();
        for (String id : faceIds) {
            keys.add(FaceCodec.faceKey(ref, id));
            keys.add(id);
        }
        return store.call("read faces", () -> faces.find(in("_id", keys))
                .projection(Projections.exclude("embedding", "embeddings"))
                .into(new ArrayList<>()))
                .stream()
                .filter(d -> ref.tenant().equals(d.getString("tenant")) && ref.name().equals(d.getString("collection")))
                .map(FaceCodec::toFace)
                .toList();
    }

    /**
     * The vectors of one feature version of the faces with these ids, by face id: a face that is
     * gone, or has no vector of that version, is absent. Read by {@code _id}, as {@link #facesById}.
     */
    Map<String, IndexedVector> vectorsById(CollectionRef ref, Collection<String> faceIds, String featureVersion) {
        Map<String, IndexedVector> found = new HashMap<>();
        List<String> ids = List.copyOf(faceIds);
        for (int from = 0; from < ids.size(); from += MongoFaceStore.ID_BATCH) {
            List<Object> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + MongoFaceStore.ID_BATCH))) {
                keys.add(FaceCodec.faceKey(ref, id));
                keys.add(id);
            }
            store.call("read embeddings", () -> {
                for (RawBsonDocument d : faces.withDocumentClass(RawBsonDocument.class).find(in("_id", keys))
                        .projection(Projections.include("faceId", "tenant", "collection", "tag", "embedding", "featureVersion",
                                "embeddings." + featureVersion))) {
                    if (ref.tenant().equals(d.getString("tenant").getValue())
                            && ref.name().equals(d.getString("collection").getValue())) {
                        String faceId = d.getString("faceId").getValue();
                        FaceCodec.vectorOf(d, featureVersion).ifPresent(v -> found.put(faceId,
                                new IndexedVector(faceId, d.getString("tag").getValue(), v)));
                    }
                }
                return null;
            });
        }
        return found;
    }

    Optional<StoredFace> deleteFace(CollectionRef ref, String faceId) {
        return store.call("delete face", () -> Optional.ofNullable(faces.findOneAndDelete(
                        and(facesOf(ref), eq("faceId", faceId)),
                        new FindOneAndDeleteOptions().projection(Projections.exclude("embedding", "embeddings"))))
                .map(FaceCodec::toFace));
    }

    long deleteFaces(CollectionRef ref, Collection<String> faceIds) {
        if (faceIds.isEmpty()) {
            return 0;
        }
        return store.call("delete faces", () -> faces.deleteMany(and(facesOf(ref), in("faceId", faceIds))).getDeletedCount());
    }

    long deleteAllFaces(CollectionRef ref) {
        return store.call("delete faces", () -> faces.deleteMany(facesOf(ref)).getDeletedCount());
    }

    /** One page of faces ordered by face id, which is stable under inserts and deletes. */
    Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("tenant", ref.tenant()), eq("collection", ref.name())));
        tag.ifPresent(t -> filters.add(eq("tag", t)));
        marker.ifPresent(m -> filters.add(gt("faceId", m)));
        List<StoredFace> items = store.call("list faces", () -> faces.find(and(filters))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("faceId"))
                .limit(limit + 1)
                .map(FaceCodec::toFace)
                .into(new ArrayList<>()));
        if (items.size() <= limit) {
            return new Page<>(items, Optional.empty());
        }
        List<StoredFace> page = items.subList(0, limit);
        return new Page<>(page, Optional.of(page.getLast().faceId()));
    }

    /**
     * Streams the collection's embeddings of one feature version, to rebuild its index, and returns
     * how many faces the collection has (with or without that version): one pass over the faces,
     * since the embedded server answers a count by reading every document again.
     */
    long forEachVector(CollectionRef ref, String featureVersion, Consumer<IndexedVector> sink) {
        return store.call("load embeddings", () -> {
            // A bulk read outlives the socket timeout meant for single calls: the embedded server
            // scans the whole collection before its first batch (a million faces: minutes). Each
            // batch gets its own generous limit instead.
            // Raw documents: fields read straight from the received bytes, no map per face.
            long faceCount = 0;
            try (MongoCursor<RawBsonDocument> cursor = faces.withDocumentClass(RawBsonDocument.class)
                    .withTimeout(BULK_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .find(facesOf(ref))
                    .timeoutMode(TimeoutMode.ITERATION)
                    .projection(Projections.include("faceId", "tag", "embedding", "featureVersion",
                            "embeddings." + featureVersion))
                    .batchSize(2000)
                    .iterator()) {
                while (cursor.hasNext()) {
                    RawBsonDocument d = cursor.next();
                    faceCount++;
                    FaceCodec.vectorOf(d, featureVersion).ifPresent(v -> sink.accept(
                            new IndexedVector(d.getString("faceId").getValue(), d.getString("tag").getValue(), v)));
                }
            }
            return faceCount;
        });
    }

    private static Bson facesOf(CollectionRef ref) {
        return and(eq("tenant", ref.tenant()), eq("collection", ref.name()));
    }
}
