package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static java.util.Objects.requireNonNull;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.cursor.TimeoutMode;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.polyface.engine.local.pipeline.FaceEmbedder;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * Everything the local engine keeps, in MongoDB, through the official Java driver: collections,
 * faces with their embeddings, and images in GridFS.
 *
 * <p>Layout (database {@code polyface} by default):
 *
 * <ul>
 *   <li>{@code collections}: one document per collection: tenant, name, spec fields, createdAt,
 *       updatedAt, faceCount and a version counter bumped by every face write. Unique on (tenant,
 *       name).
 *   <li>{@code faces}: {@code _id} = {@link #faceKey} (face ids are unique per collection), and
 *       faceId, tenant, collection, tag, description, userData, box, imageId, createdAt, seq
 *       (creation order) and {@code embeddings}: one binary float32 little-endian vector per
 *       feature version the face has (several while a feature job runs). Faces written before
 *       feature versions were kept apart have {@code _id} = faceId, and {@code embedding} with
 *       {@code featureVersion}; both forms are read. Indexed on (tenant, collection, tag) and
 *       (tenant, collection, faceId).
 *   <li>{@code records}: dialects' small JSON documents by (tenant, kind, key).
 *   <li>{@code featureJobs}: one document per feature job, with its progress and a heartbeat.
 *   <li>GridFS bucket {@code images}: the image bytes with {@code _id} = imageId and metadata
 *       tenant (and collection, for the image an enrolled face came from).
 * </ul>
 *
 * <p>Every driver failure ({@link MongoException}, timeouts included) leaves this class as {@link
 * FaceException.BackendUnavailable}; the driver reconnects by itself once the server is back.
 *
 * <p>Thread-safe: the driver's client is, and this class holds no other mutable state.
 */
public final class MongoFaceStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MongoFaceStore.class.getName());
    private static final int DELETE_BATCH = 1000;
    /** Reads by {@code _id $in}: as many ids per query. */
    static final int ID_BATCH = 1000;

    /** How long one batch of a bulk read (an index load) may take. */
    static final Duration BULK_READ_TIMEOUT = Duration.ofMinutes(10);

    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoCollection<Document> collections;
    private final CollectionVersions versions;
    private final MongoCollection<Document> faces;
    private final MongoCollection<Document> records;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> imageFiles;
    private final MongoCollection<Document> imageChunks;
    private final GridFSBucket images;
    private final Optional<EmbeddedMongo> embedded;
    private final String description;
    private final StoreTenants tenants;
    private volatile boolean schemaReady;

    private MongoFaceStore(MongoClient client, String databaseName, Optional<EmbeddedMongo> embedded, String description) {
        this.client = client;
        this.database = client.getDatabase(databaseName);
        this.collections = database.getCollection("collections");
        this.versions = new CollectionVersions(this, collections);
        this.faces = database.getCollection("faces");
        this.records = database.getCollection("records");
        this.jobs = database.getCollection("featureJobs");
        this.imageFiles = database.getCollection("images.files");
        this.imageChunks = database.getCollection("images.chunks");
        this.images = GridFSBuckets.create(database, "images");
        this.embedded = embedded;
        this.description = description;
        this.tenants = new StoreTenants(collections, faces, records, jobs, imageFiles, this::deleteImages, this::ensureSchema);
    }

    /**
     * Connects to {@code mongodb-uri}, or starts an embedded server on a file under {@code
     * dataDirectory} when there is none.
     */
    public static MongoFaceStore open(LocalEngineSettings settings, Path dataDirectory) {
        Optional<EmbeddedMongo> embedded = settings.mongodbUri().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedMongo.start(dataDirectory, settings.embeddedBind(), settings.embeddedFsync()));
        try {
            ConnectionString uri = new ConnectionString(
                    settings.mongodbUri().orElseGet(() -> embedded.orElseThrow().connectionString()));
            MongoClient client = MongoClients.create(clientSettings(uri, settings));
            String description = embedded.map(EmbeddedMongo::toString)
                    .orElseGet(() -> "MongoDB at " + String.join(",", uri.getHosts()));
            MongoFaceStore store = new MongoFaceStore(client, settings.database(), embedded, description);
            store.trySchema();
            return store;
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedMongo::close);
            throw e;
        }
    }

    private static MongoClientSettings clientSettings(ConnectionString uri, LocalEngineSettings settings) {
        // A setting of the engine wins over the URI, and the URI over our short defaults.
        Duration serverSelection = settings.serverSelectionTimeout()
                .or(() -> Optional.ofNullable(uri.getServerSelectionTimeout()).map(Duration::ofMillis))
                .orElse(LocalEngineSettings.DEFAULT_SERVER_SELECTION_TIMEOUT);
        Duration connect = settings.connectTimeout()
                .or(() -> Optional.ofNullable(uri.getConnectTimeout()).map(Duration::ofMillis))
                .orElse(LocalEngineSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration socket = settings.socketTimeout()
                .or(() -> Optional.ofNullable(uri.getSocketTimeout()).map(Duration::ofMillis))
                .orElse(LocalEngineSettings.DEFAULT_SOCKET_TIMEOUT);
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b
                        .connectTimeout((int) connect.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) socket.toMillis(), TimeUnit.MILLISECONDS));
        if (uri.getWriteConcern() == null) {
            // "An acknowledged write is durable": in the journal of a majority before we answer.
            builder.writeConcern(WriteConcern.MAJORITY.withJournal(true));
        }
        return builder.build();
    }

    public String description() {
        return description;
    }

    boolean isEmbedded() {
        return embedded.isPresent();
    }

    /** Whole tenants: listing them and deleting what is left of one once its collections are gone. */
    public StoreTenants tenants() {
        return tenants;
    }

    // ---- health and schema ----------------------------------------------------------------

    /** Round-trips a ping; throws BackendUnavailable when the server cannot be reached. */
    public void ping() {
        call("ping", () -> database.runCommand(new Document("ping", 1)));
    }

    /**
     * Why the embedded store cannot write now (a full disk), while it cannot; reads may still
     * work. Always empty on an external MongoDB, whose own monitoring tells that.
     */
    public Optional<String> writeFailure() {
        return embedded.flatMap(EmbeddedMongo::writeFailure);
    }

    private void trySchema() {
        try {
            ensureSchema();
        } catch (FaceException.BackendUnavailable e) {
            // Start anyway: the indexes are made on the first call that reaches the database.
            LOG.log(Level.WARNING, "database not reachable at start, indexes will be created later: {0}", e.getMessage());
        }
    }

    private void ensureSchema() {
        if (schemaReady) {
            return;
        }
        try {
            // Idempotent, so two threads (or nodes) racing here is harmless.
            collections.createIndex(Indexes.ascending("tenant", "name"), new IndexOptions().unique(true));
            records.createIndex(Indexes.ascending("tenant", "kind", "key"), new IndexOptions().unique(true));
            // The embedded server has unique indexes only: it accepts others but ignores them, and at
            // every start reads each one's whole collection twice to "rebuild" it (minutes with a
            // million faces, for nothing). So the embedded store gets none.
            if (embedded.isEmpty()) {
                faces.createIndex(Indexes.ascending("tenant", "collection", "tag"));
                faces.createIndex(Indexes.ascending("tenant", "collection", "faceId"));
                imageFiles.createIndex(Indexes.ascending("metadata.tenant", "metadata.collection"));
                jobs.createIndex(Indexes.ascending("tenant", "collection"));
            }
            schemaReady = true;
        } catch (MongoException e) {
            throw new FaceException.BackendUnavailable("database unavailable (create indexes): " + e.getMessage(), e);
        }
    }

    /**
     * Makes the writes acknowledged so far durable: the embedded store commits its file; a real
     * MongoDB already journalled them under the majority write concern.
     */
    public void makeDurable() {
        embedded.ifPresent(mongo -> {
            try {
                mongo.commit();
            } catch (RuntimeException e) {
                throw new FaceException.BackendUnavailable("embedded store could not commit: " + e.getMessage(), e);
            }
        });
    }

    // ---- collections ----------------------------------------------------------------------

    /**
     * A collection as stored, with the document id that tells a re-created collection apart, and
     * the tokens of the writes announced on it and not yet published (see {@link ChangeLog}).
     */
    public record CollectionRecord(ObjectId id, CollectionInfo info, Set<String> pendingWrites) {
        public CollectionRecord {
            requireNonNull(id, "id is null");
            requireNonNull(info, "info is null");
            pendingWrites = Set.copyOf(requireNonNull(pendingWrites, "pendingWrites is null"));
        }

        public long version() {
            return info.version();
        }

        public CollectionSpec spec() {
            return info.spec();
        }
    }

    public Optional<CollectionRecord> findCollection(CollectionRef ref) {
        return call("read collection", () -> Optional.ofNullable(collections.find(collectionFilter(ref)).first())
                .map(MongoFaceStore::toCollection));
    }

    /** The collection, which must exist. */
    public CollectionRecord requireCollection(CollectionRef ref) {
        return findCollection(ref).orElseThrow(() -> notFound(ref));
    }

    /** What a call on a collection that does not exist fails with. */
    public static FaceException.NotFound notFound(CollectionRef ref) {
        return new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
    }

    /** The tenant's collections in order of creation. */
    public List<CollectionRecord> findCollections(String tenant) {
        return call("list collections", () -> collections.find(eq("tenant", tenant))
                .sort(Sorts.ascending("createdAt", "_id"))
                .map(MongoFaceStore::toCollection)
                .into(new ArrayList<>()));
    }

    public long countCollections(String tenant) {
        return call("count collections", () -> collections.countDocuments(eq("tenant", tenant)));
    }

    /** @throws FaceException.AlreadyExists if (tenant, name) is taken */
    public CollectionRecord insertCollection(CollectionRef ref, CollectionSpec spec, Instant now) {
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
            call("create collection", () -> collections.insertOne(doc));
        } catch (FaceException.BackendUnavailable e) {
            if (e.getCause() instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
            }
            throw e;
        }
        return toCollection(doc);
    }

    public boolean deleteCollection(CollectionRef ref) {
        return call("delete collection", () -> collections.deleteOne(collectionFilter(ref)).getDeletedCount() > 0);
    }

    /** Replaces the collection's attributes; empty when the collection is gone. */
    public Optional<CollectionRecord> updateAttributes(CollectionRef ref, Map<String, String> attributes, Instant now) {
        return updateCollection(ref, Updates.combine(
                Updates.set("attributes", new Document(new TreeMap<String, Object>(attributes))),
                Updates.set("updatedAt", Date.from(now))));
    }

    private Optional<CollectionRecord> updateCollection(CollectionRef ref, Bson update) {
        return call("update collection", () -> Optional.ofNullable(collections.findOneAndUpdate(
                        collectionFilter(ref), update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(MongoFaceStore::toCollection));
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

    // ---- faces ----------------------------------------------------------------------------

    /** A face to insert, with what stays inside the engine. */
    public record FaceRecord(StoredFace face, long seq, float[] embedding, String featureVersion) {
        public FaceRecord {
            requireNonNull(face, "face is null");
            requireNonNull(embedding, "embedding is null");
            requireNonNull(featureVersion, "featureVersion is null");
        }
    }

    /** Just what the vector index needs of a stored face. */
    public record IndexedVector(String faceId, String tag, float[] vector) {
        public IndexedVector {
            requireNonNull(faceId, "faceId is null");
            requireNonNull(tag, "tag is null");
            requireNonNull(vector, "vector is null");
        }
    }

    /** Face id and image id, for deleting a face and then its image. */
    public record FaceKey(String faceId, String imageId) {
        public FaceKey {
            requireNonNull(faceId, "faceId is null");
            requireNonNull(imageId, "imageId is null");
        }
    }

    public void insertFaces(List<FaceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Document> docs = records.stream().map(MongoFaceStore::toDocument).toList();
        call("insert faces", () -> faces.insertMany(docs));
    }

    public long countFaces(CollectionRef ref) {
        return call("count faces", () -> faces.countDocuments(facesOf(ref)));
    }

    public long countFacesByTag(CollectionRef ref, String tag) {
        return call("count faces", () -> faces.countDocuments(and(facesOf(ref), eq("tag", tag))));
    }

    /** The faces of a tag, oldest first. */
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return call("read faces", () -> faces.find(and(facesOf(ref), eq("tag", tag)))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("seq", "faceId"))
                .map(MongoFaceStore::toFace)
                .into(new ArrayList<>()));
    }

    public List<FaceKey> faceKeysByTag(CollectionRef ref, String tag) {
        return call("read faces", () -> faces.find(and(facesOf(ref), eq("tag", tag)))
                .projection(Projections.include("faceId", "imageId"))
                .map(d -> new FaceKey(d.getString("faceId"), d.getString("imageId")))
                .into(new ArrayList<>()));
    }

    /**
     * The document id of a face: unambiguous for any tenant, collection and face id (the lengths
     * say where each part ends).
     */
    static String faceKey(CollectionRef ref, String faceId) {
        return ref.tenant().length() + ":" + ref.tenant() + ref.name().length() + ":" + ref.name() + faceId;
    }

    /** The embedding of one feature version of a face, if it has one. */
    public Optional<float[]> embedding(CollectionRef ref, String faceId, String featureVersion) {
        return call("read embedding", () -> Optional.ofNullable(faces.withDocumentClass(RawBsonDocument.class)
                        .find(and(facesOf(ref), eq("faceId", faceId))).first())
                .flatMap(d -> vectorOf(d, featureVersion)));
    }

    /** Adds (or replaces) one feature version's embedding of a face; false when the face is gone. */
    public boolean putEmbedding(CollectionRef ref, String faceId, String featureVersion, float[] vector) {
        return call("write embedding", () -> faces.updateOne(and(facesOf(ref), eq("faceId", faceId)),
                Updates.set("embeddings." + featureVersion, encode(vector))).getMatchedCount() > 0);
    }

    /** Drops one feature version's embeddings from every face of a collection. */
    public void dropEmbeddings(CollectionRef ref, String featureVersion) {
        call("drop embeddings", () -> faces.updateMany(facesOf(ref), Updates.unset("embeddings." + featureVersion)));
    }

    /** Face id, image id and box of every face of a collection, in creation order. */
    public List<FaceSource> faceSources(CollectionRef ref) {
        return call("read faces", () -> faces.find(facesOf(ref))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("seq", "faceId"))
                .map(d -> new FaceSource(toFace(d), ((Number) d.get("seq")).longValue()))
                .into(new ArrayList<>()));
    }

    /** A stored face and its place in creation order. */
    public record FaceSource(StoredFace face, long seq) {}

    /** Changes a face's tag, description and user data as given; empty when there is no such face. */
    public Optional<StoredFace> updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        List<Bson> changes = new ArrayList<>();
        update.tag().ifPresent(v -> changes.add(Updates.set("tag", v)));
        update.description().ifPresent(v -> changes.add(Updates.set("description", v)));
        update.userData().ifPresent(v -> changes.add(Updates.set("userData", v)));
        if (changes.isEmpty()) {
            return face(ref, faceId);
        }
        return call("update face", () -> Optional.ofNullable(faces.findOneAndUpdate(
                        and(facesOf(ref), eq("faceId", faceId)), Updates.combine(changes),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(Projections.exclude("embedding", "embeddings"))))
                .map(MongoFaceStore::toFace));
    }

    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return call("read face", () -> Optional.ofNullable(faces.find(and(facesOf(ref), eq("faceId", faceId)))
                        .projection(Projections.exclude("embedding", "embeddings"))
                        .first())
                .map(MongoFaceStore::toFace));
    }

    /** The faces with these ids in one collection, in no particular order. */
    public List<StoredFace> facesById(CollectionRef ref, Collection<String> faceIds) {
        if (faceIds.isEmpty()) {
            return List.of();
        }
        // By _id alone, which every MongoDB (the embedded one included) answers from the _id index;
        // with more in the filter, the embedded server scans the whole collection (seconds at 100k
        // faces). Faces stored before face ids were per collection have the bare id as _id.
        List<Object> keys = new ArrayList<>();
        for (String id : faceIds) {
            keys.add(faceKey(ref, id));
            keys.add(id);
        }
        return call("read faces", () -> faces.find(in("_id", keys))
                .projection(Projections.exclude("embedding", "embeddings"))
                .into(new ArrayList<>()))
                .stream()
                .filter(d -> ref.tenant().equals(d.getString("tenant")) && ref.name().equals(d.getString("collection")))
                .map(MongoFaceStore::toFace)
                .toList();
    }

    /**
     * The vectors of one feature version of the faces with these ids, by face id: a face that is
     * gone, or has no vector of that version, is absent. Read by {@code _id}, as {@link #facesById}.
     */
    public Map<String, IndexedVector> vectorsById(CollectionRef ref, Collection<String> faceIds, String featureVersion) {
        Map<String, IndexedVector> found = new HashMap<>();
        List<String> ids = List.copyOf(faceIds);
        for (int from = 0; from < ids.size(); from += ID_BATCH) {
            List<Object> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + ID_BATCH))) {
                keys.add(faceKey(ref, id));
                keys.add(id);
            }
            call("read embeddings", () -> {
                for (RawBsonDocument d : faces.withDocumentClass(RawBsonDocument.class).find(in("_id", keys))
                        .projection(Projections.include("faceId", "tenant", "collection", "tag", "embedding", "featureVersion",
                                "embeddings." + featureVersion))) {
                    if (ref.tenant().equals(d.getString("tenant").getValue())
                            && ref.name().equals(d.getString("collection").getValue())) {
                        String faceId = d.getString("faceId").getValue();
                        vectorOf(d, featureVersion).ifPresent(v -> found.put(faceId,
                                new IndexedVector(faceId, d.getString("tag").getValue(), v)));
                    }
                }
                return null;
            });
        }
        return found;
    }

    public Optional<StoredFace> deleteFace(CollectionRef ref, String faceId) {
        return call("delete face", () -> Optional.ofNullable(faces.findOneAndDelete(
                        and(facesOf(ref), eq("faceId", faceId)),
                        new FindOneAndDeleteOptions().projection(Projections.exclude("embedding", "embeddings"))))
                .map(MongoFaceStore::toFace));
    }

    public long deleteFaces(CollectionRef ref, Collection<String> faceIds) {
        if (faceIds.isEmpty()) {
            return 0;
        }
        return call("delete faces", () -> faces.deleteMany(and(facesOf(ref), in("faceId", faceIds))).getDeletedCount());
    }

    public long deleteAllFaces(CollectionRef ref) {
        return call("delete faces", () -> faces.deleteMany(facesOf(ref)).getDeletedCount());
    }

    /** One page of faces ordered by face id, which is stable under inserts and deletes. */
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("tenant", ref.tenant()), eq("collection", ref.name())));
        tag.ifPresent(t -> filters.add(eq("tag", t)));
        marker.ifPresent(m -> filters.add(gt("faceId", m)));
        List<StoredFace> items = call("list faces", () -> faces.find(and(filters))
                .projection(Projections.exclude("embedding", "embeddings"))
                .sort(Sorts.ascending("faceId"))
                .limit(limit + 1)
                .map(MongoFaceStore::toFace)
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
    public long forEachVector(CollectionRef ref, String featureVersion, Consumer<IndexedVector> sink) {
        return call("load embeddings", () -> {
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
                    vectorOf(d, featureVersion).ifPresent(v -> sink.accept(
                            new IndexedVector(d.getString("faceId").getValue(), d.getString("tag").getValue(), v)));
                }
            }
            return faceCount;
        });
    }

    /**
     * A face document's vector of one feature version, in either stored form, read from the raw
     * document (no map per face, which a load of a million faces notices).
     */
    static Optional<float[]> vectorOf(BsonDocument d, String featureVersion) {
        if (d.get("embeddings") instanceof BsonDocument all && all.get(featureVersion) instanceof BsonBinary b) {
            return Optional.of(decode(b.getData()));
        }
        if (d.get("featureVersion") instanceof BsonString version && version.getValue().equals(featureVersion)
                && d.get("embedding") instanceof BsonBinary b) {
            return Optional.of(decode(b.getData()));
        }
        return Optional.empty();
    }

    private static Bson facesOf(CollectionRef ref) {
        return and(eq("tenant", ref.tenant()), eq("collection", ref.name()));
    }

    private static Document toDocument(FaceRecord record) {
        StoredFace face = record.face();
        BoundingBox box = face.box();
        Document doc = new Document("_id", faceKey(face.collection(), face.faceId()))
                .append("faceId", face.faceId())
                .append("tenant", face.collection().tenant())
                .append("collection", face.collection().name())
                .append("tag", face.tag())
                .append("box", new Document("x", box.x()).append("y", box.y())
                        .append("width", box.width()).append("height", box.height()))
                .append("imageId", face.imageId())
                .append("createdAt", Date.from(face.createdAt()))
                .append("seq", record.seq())
                .append("embeddings", new Document(record.featureVersion(), encode(record.embedding())));
        face.description().ifPresent(v -> doc.append("description", v));
        face.userData().ifPresent(v -> doc.append("userData", v));
        return doc;
    }

    private static StoredFace toFace(Document d) {
        Document box = d.get("box", Document.class);
        return new StoredFace(
                d.getString("faceId"),
                new CollectionRef(d.getString("tenant"), d.getString("collection")),
                d.getString("tag"),
                Optional.ofNullable(d.getString("description")),
                Optional.ofNullable(d.getString("userData")),
                new BoundingBox(number(box, "x"), number(box, "y"), number(box, "width"), number(box, "height")),
                d.getString("imageId"),
                d.getDate("createdAt").toInstant());
    }

    private static double number(Document d, String key) {
        return ((Number) d.get(key)).doubleValue();
    }

    /** float32 little-endian, the layout every reader of the database can decode without us. */
    static Binary encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return new Binary(buffer.array());
    }

    static float[] decode(Binary binary) {
        return decode(binary.getData());
    }

    private static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new FaceException.Internal("stored embedding of " + bytes.length + " bytes is not float32", null);
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    // ---- images ---------------------------------------------------------------------------

    // Images are found by _id alone, which every MongoDB (the embedded one included) answers from
    // the _id index; with the tenant in the filter the embedded server scans every image, which made
    // a feature job over n faces n full scans. The tenant is checked on the document instead.

    /** Stores image bytes for a tenant; {@code collection} marks the image an enrolled face came from. */
    public String storeImage(String tenant, byte[] image, Optional<String> collection) {
        String imageId = Ids.newId();
        Document metadata = new Document("tenant", tenant);
        collection.ifPresent(c -> metadata.append("collection", c));
        call("store image", () -> {
            images.uploadFromStream(new BsonString(imageId), imageId, new ByteArrayInputStream(image),
                    new GridFSUploadOptions().metadata(metadata));
            return null;
        });
        return imageId;
    }

    public Optional<byte[]> image(String tenant, String imageId) {
        return call("read image", () -> {
            GridFSFile file = images.find(eq("_id", imageId)).first();
            if (file == null || file.getMetadata() == null || !tenant.equals(file.getMetadata().getString("tenant"))) {
                return Optional.<byte[]>empty();
            }
            try (var stream = images.openDownloadStream(file.getId())) {
                return Optional.of(stream.readAllBytes());
            } catch (IOException e) {
                throw new FaceException.Internal("cannot read image " + imageId, e);
            }
        });
    }

    /** Deletes images by id, in batches; files first so a half-done delete leaves no visible image. */
    public void deleteImages(Collection<String> imageIds) {
        List<String> ids = List.copyOf(imageIds);
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
            call("delete images", () -> {
                imageFiles.deleteMany(in("_id", batch));
                imageChunks.deleteMany(in("files_id", batch));
                return null;
            });
        }
    }

    /** Deletes the images the faces of a collection were enrolled from. */
    public void deleteImagesOf(CollectionRef ref) {
        List<String> ids = call("find images", () -> imageFiles
                .find(and(eq("metadata.tenant", ref.tenant()), eq("metadata.collection", ref.name())))
                .projection(Projections.include("_id"))
                .map(d -> String.valueOf(d.get("_id")))
                .into(new ArrayList<>()));
        deleteImages(ids);
    }

    // ---- records ---------------------------------------------------------------------------

    private static Bson recordFilter(String tenant, String kind, String key) {
        return and(eq("tenant", tenant), eq("kind", kind), eq("key", key));
    }

    public Optional<String> record(String tenant, String kind, String key) {
        return call("read record", () -> Optional.ofNullable(records.find(recordFilter(tenant, kind, key)).first())
                .map(d -> d.getString("json")));
    }

    public void putRecord(String tenant, String kind, String key, String json, Instant now) {
        call("write record", () -> records.updateOne(recordFilter(tenant, kind, key),
                Updates.combine(Updates.set("json", json), Updates.set("updatedAt", Date.from(now))),
                new UpdateOptions().upsert(true)));
    }

    public boolean deleteRecord(String tenant, String kind, String key) {
        return call("delete record", () -> records.deleteOne(recordFilter(tenant, kind, key)).getDeletedCount() > 0);
    }

    public SortedMap<String, String> records(String tenant, String kind) {
        SortedMap<String, String> found = new TreeMap<>();
        call("read records", () -> {
            records.find(and(eq("tenant", tenant), eq("kind", kind)))
                    .forEach(d -> found.put(d.getString("key"), d.getString("json")));
            return null;
        });
        return found;
    }

    // ---- feature jobs ----------------------------------------------------------------------

    public void insertJob(Document job) {
        call("create feature job", () -> jobs.insertOne(job));
    }

    /** Sets fields of a job; the heartbeat moves with every update. */
    public void updateJob(String jobId, Bson changes, Instant now) {
        call("update feature job", () -> jobs.updateOne(eq("_id", jobId),
                Updates.combine(changes, Updates.set("heartbeat", Date.from(now)))));
    }

    public Optional<Document> job(String jobId) {
        return call("read feature job", () -> Optional.ofNullable(jobs.find(eq("_id", jobId)).first()));
    }

    public List<Document> jobs(String tenant) {
        return call("read feature jobs", () -> jobs.find(eq("tenant", tenant))
                .sort(Sorts.descending("startedAt", "_id"))
                .into(new ArrayList<>()));
    }

    public List<Document> jobsOf(CollectionRef ref) {
        return call("read feature jobs", () -> jobs.find(and(eq("tenant", ref.tenant()), eq("collection", ref.name())))
                .into(new ArrayList<>()));
    }

    /** Whether an image is stored, without reading it. */
    public boolean hasImage(String tenant, String imageId) {
        return call("find image", () -> Optional.ofNullable(imageFiles.find(eq("_id", imageId))
                        .projection(Projections.include("metadata.tenant")).first())
                .map(d -> d.get("metadata", Document.class))
                .filter(m -> tenant.equals(m.getString("tenant")))
                .isPresent());
    }

    // ---- plumbing -------------------------------------------------------------------------

    /** For the change log, which keeps its own collection in this database. */
    public MongoDatabase database() {
        return database;
    }

    /** The collections' version counters and announced writes. */
    public CollectionVersions versions() {
        return versions;
    }

    /** Runs a driver call, with the schema in place, turning driver failures into BackendUnavailable. */
    <T> T call(String what, Supplier<T> operation) {
        ensureSchema();
        try {
            return operation.get();
        } catch (MongoException e) {
            throw new FaceException.BackendUnavailable("database unavailable (" + what + "): " + e.getMessage(), e);
        }
    }

    /** Closes the client, then the embedded server, which commits and closes its file. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            embedded.ifPresent(EmbeddedMongo::close);
        }
    }
}
