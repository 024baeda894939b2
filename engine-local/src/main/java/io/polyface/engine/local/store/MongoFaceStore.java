package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static java.util.Objects.requireNonNull;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Everything the local engine keeps, in MongoDB (database {@code polyface} by default) through the
 * official Java driver, one class per MongoDB collection: {@link StoredCollections} with their
 * {@link CollectionVersions}, {@link StoredFaces} laid out by {@link FaceCodec}, {@link
 * StoredImages} in GridFS, {@link StoredRecords} and {@link StoredJobs}; the {@link ChangeLog}
 * keeps its own. Without {@code mongodb-uri} the database is an {@link EmbeddedMongo}.
 *
 * <p>Every driver failure ({@link MongoException}, timeouts included) leaves this class as {@link
 * FaceException.BackendUnavailable}; the driver reconnects by itself once the server is back.
 *
 * <p>Thread-safe: the driver's client is, and this class holds no other mutable state.
 */
public final class MongoFaceStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MongoFaceStore.class.getName());
    /** Reads by {@code _id $in}: as many ids per query. */
    static final int ID_BATCH = 1000;

    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoCollection<Document> collections;
    private final CollectionVersions versions;
    private final MongoCollection<Document> faces;
    private final MongoCollection<Document> records;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> imageFiles;
    private final Optional<EmbeddedMongo> embedded;
    private final String description;
    private final StoreTenants tenants;
    private final StoredCollections storedCollections;
    private final StoredFaces storedFaces;
    private final StoredImages storedImages;
    private final StoredRecords storedRecords;
    private final StoredJobs storedJobs;
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
        this.storedCollections = new StoredCollections(this, collections);
        this.storedFaces = new StoredFaces(this, faces);
        this.storedImages = new StoredImages(this, GridFSBuckets.create(database, "images"), imageFiles,
                database.getCollection("images.chunks"));
        this.storedRecords = new StoredRecords(this, records);
        this.storedJobs = new StoredJobs(this, jobs);
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
        return storedCollections.findCollection(ref);
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
        return storedCollections.findCollections(tenant);
    }

    public long countCollections(String tenant) {
        return storedCollections.countCollections(tenant);
    }

    /** @throws FaceException.AlreadyExists if (tenant, name) is taken */
    public CollectionRecord insertCollection(CollectionRef ref, CollectionSpec spec, Instant now) {
        return storedCollections.insertCollection(ref, spec, now);
    }

    public boolean deleteCollection(CollectionRef ref) {
        return storedCollections.deleteCollection(ref);
    }

    /** Replaces the collection's attributes; empty when the collection is gone. */
    public Optional<CollectionRecord> updateAttributes(CollectionRef ref, Map<String, String> attributes, Instant now) {
        return storedCollections.updateAttributes(ref, attributes, now);
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
        storedFaces.insertFaces(records);
    }

    public long countFaces(CollectionRef ref) {
        return storedFaces.countFaces(ref);
    }

    public long countFacesByTag(CollectionRef ref, String tag) {
        return storedFaces.countFacesByTag(ref, tag);
    }

    /** The faces of a tag, oldest first. */
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return storedFaces.facesByTag(ref, tag);
    }

    public List<FaceKey> faceKeysByTag(CollectionRef ref, String tag) {
        return storedFaces.faceKeysByTag(ref, tag);
    }

    /** The embedding of one feature version of a face, if it has one. */
    public Optional<float[]> embedding(CollectionRef ref, String faceId, String featureVersion) {
        return storedFaces.embedding(ref, faceId, featureVersion);
    }

    /** Adds (or replaces) one feature version's embedding of a face; false when the face is gone. */
    public boolean putEmbedding(CollectionRef ref, String faceId, String featureVersion, float[] vector) {
        return storedFaces.putEmbedding(ref, faceId, featureVersion, vector);
    }

    /** Drops one feature version's embeddings from every face of a collection. */
    public void dropEmbeddings(CollectionRef ref, String featureVersion) {
        storedFaces.dropEmbeddings(ref, featureVersion);
    }

    /** Face id, image id and box of every face of a collection, in creation order. */
    public List<FaceSource> faceSources(CollectionRef ref) {
        return storedFaces.faceSources(ref);
    }

    /** Changes a face's tag, description and user data as given; empty when there is no such face. */
    public Optional<StoredFace> updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        return storedFaces.updateFace(ref, faceId, update);
    }

    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        return storedFaces.face(ref, faceId);
    }

    /** The faces with these ids in one collection, in no particular order. */
    public List<StoredFace> facesById(CollectionRef ref, Collection<String> faceIds) {
        return storedFaces.facesById(ref, faceIds);
    }

    /**
     * The vectors of one feature version of the faces with these ids, by face id: a face that is
     * gone, or has no vector of that version, is absent. Read by {@code _id}, as {@link #facesById}.
     */
    public Map<String, IndexedVector> vectorsById(CollectionRef ref, Collection<String> faceIds, String featureVersion) {
        return storedFaces.vectorsById(ref, faceIds, featureVersion);
    }

    public Optional<StoredFace> deleteFace(CollectionRef ref, String faceId) {
        return storedFaces.deleteFace(ref, faceId);
    }

    public long deleteFaces(CollectionRef ref, Collection<String> faceIds) {
        return storedFaces.deleteFaces(ref, faceIds);
    }

    public long deleteAllFaces(CollectionRef ref) {
        return storedFaces.deleteAllFaces(ref);
    }

    /** One page of faces ordered by face id, which is stable under inserts and deletes. */
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        return storedFaces.listFaces(ref, tag, marker, limit);
    }

    /**
     * Streams the collection's embeddings of one feature version, to rebuild its index, and returns
     * how many faces the collection has (with or without that version): one pass over the faces,
     * since the embedded server answers a count by reading every document again.
     */
    public long forEachVector(CollectionRef ref, String featureVersion, Consumer<IndexedVector> sink) {
        return storedFaces.forEachVector(ref, featureVersion, sink);
    }

    /** A stored face and its place in creation order. */
    public record FaceSource(StoredFace face, long seq) {}

    // ---- images, records and feature jobs ---------------------------------------------------

    /** Stores image bytes for a tenant; {@code collection} marks the image an enrolled face came from. */
    public String storeImage(String tenant, byte[] image, Optional<String> collection) {
        return storedImages.storeImage(tenant, image, collection);
    }

    public Optional<byte[]> image(String tenant, String imageId) {
        return storedImages.image(tenant, imageId);
    }

    /** Deletes images by id, in batches; files first so a half-done delete leaves no visible image. */
    public void deleteImages(Collection<String> imageIds) {
        storedImages.deleteImages(imageIds);
    }

    /** Deletes the images the faces of a collection were enrolled from. */
    public void deleteImagesOf(CollectionRef ref) {
        storedImages.deleteImagesOf(ref);
    }

    public Optional<String> record(String tenant, String kind, String key) {
        return storedRecords.record(tenant, kind, key);
    }

    public void putRecord(String tenant, String kind, String key, String json, Instant now) {
        storedRecords.putRecord(tenant, kind, key, json, now);
    }

    public boolean deleteRecord(String tenant, String kind, String key) {
        return storedRecords.deleteRecord(tenant, kind, key);
    }

    public SortedMap<String, String> records(String tenant, String kind) {
        return storedRecords.records(tenant, kind);
    }

    public void insertJob(Document job) {
        storedJobs.insertJob(job);
    }

    /** Sets fields of a job; the heartbeat moves with every update. */
    public void updateJob(String jobId, Bson changes, Instant now) {
        storedJobs.updateJob(jobId, changes, now);
    }

    public Optional<Document> job(String jobId) {
        return storedJobs.job(jobId);
    }

    public List<Document> jobs(String tenant) {
        return storedJobs.jobs(tenant);
    }

    public List<Document> jobsOf(CollectionRef ref) {
        return storedJobs.jobsOf(ref);
    }

    /** Whether an image is stored, without reading it. */
    public boolean hasImage(String tenant, String imageId) {
        return storedImages.hasImage(tenant, imageId);
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
