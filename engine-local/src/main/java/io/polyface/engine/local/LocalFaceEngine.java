package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.CollectionIndexes.Loaded;
import io.polyface.engine.local.CollectionIndexes.Slot;
import io.polyface.engine.local.WriteOrder.WriteStep;
import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSettings;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.engine.local.store.ChangeLogSettings;
import io.polyface.engine.local.store.Ids;
import io.polyface.engine.local.store.LocalEngineSettings;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * The local engine: faces analysed in-process ({@link FaceAnalysis}), kept in MongoDB ({@link
 * MongoFaceStore}, the truth) and searched in per-collection in-memory indexes ({@link
 * CollectionIndexes}, {@link CollectionSearch}) that other nodes' writes reach through the {@link
 * ChangeLog}. Every face write follows the {@link WriteOrder}: enrolments ({@link Enrolment},
 * {@link Admission}, {@link FaceWriter}), vectors ({@link VectorWrites}), changes and deletions
 * ({@link FaceChanges}, {@link CollectionChanges}), copies and feature jobs ({@link FaceCopies},
 * {@link FeatureJobs}); indexes are saved by the {@link SnapshotSchedule}. Each method checks its
 * arguments and delegates. Quota checks are atomic within a node only.
 *
 * <p>Thread-safe.
 */
public final class LocalFaceEngine implements FaceEngine {

    private final String name;
    private final FaceAnalysis analysis;
    private final MongoFaceStore store;
    private final Clock clock;
    private final IndexRuntime indexes;
    private final ChangeLog changes;
    private final CollectionIndexes loadedIndexes;
    private final WriteOrder writes;
    private final CollectionSearch searches;
    private final FaceCopies copies;
    private final Enrolment enrolment;
    private final VectorWrites vectors;
    private final FaceChanges faceChanges;
    private final CollectionChanges collectionChanges;
    private final FeatureJobs jobs;
    private volatile Optional<SnapshotSchedule> snapshots = Optional.empty();
    private volatile String defaultVersion;

    /**
     * Opens the store named by the context's settings (see {@link LocalEngineSettings}) and takes
     * ownership of the analyzer: both are closed with the engine.
     */
    public LocalFaceEngine(EngineContext context, FaceAnalyzer analyzer) {
        // Settings are read before the store opens, so a bad one leaves nothing running.
        this(context, analyzer, IndexSettings.from(context), SnapshotSchedule.Settings.from(context),
                ChangeLogSettings.from(context));
    }

    private LocalFaceEngine(EngineContext context, FaceAnalyzer analyzer, IndexSettings indexSettings,
            SnapshotSchedule.Settings snapshotSettings, ChangeLogSettings changeLogSettings) {
        this(context.name(), analyzer, MongoFaceStore.open(LocalEngineSettings.from(context), context.dataDirectory()),
                context.clock(), indexSettings, changeLogSettings);
        context.setting("feature-version").ifPresent(this::useFeatureVersion);
        snapshots = SnapshotSchedule.start(loadedIndexes, context.dataDirectory().resolve("index-snapshots"),
                snapshotSettings);
    }

    LocalFaceEngine(String name, FaceAnalyzer analyzer, MongoFaceStore store, Clock clock) {
        this(name, analyzer, store, clock, IndexSettings.defaults());
    }

    LocalFaceEngine(String name, FaceAnalyzer analyzer, MongoFaceStore store, Clock clock, IndexSettings indexSettings) {
        this(name, analyzer, store, clock, indexSettings, ChangeLogSettings.defaults());
    }

    LocalFaceEngine(String name, FaceAnalyzer analyzer, MongoFaceStore store, Clock clock, IndexSettings indexSettings,
            ChangeLogSettings changeLogSettings) {
        this.name = requireNonNull(name, "name is null");
        this.analysis = new FaceAnalysis(analyzer);
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.indexes = new IndexRuntime(requireNonNull(indexSettings, "indexSettings is null"));
        this.changes = new ChangeLog(store, requireNonNull(changeLogSettings, "changeLogSettings is null"));
        this.loadedIndexes = new CollectionIndexes(store, changes, indexes, clock);
        this.writes = new WriteOrder(store, changes, loadedIndexes);
        FaceWriter writer = new FaceWriter(store, indexes);
        this.searches = new CollectionSearch(store, loadedIndexes, analysis);
        this.copies = new FaceCopies(store, analysis, writes, this::now);
        this.enrolment = new Enrolment(store, analysis, writes, writer, copies, this::now);
        this.vectors = new VectorWrites(store, analysis, writes, writer, this::now);
        this.faceChanges = new FaceChanges(store, writes, this::now);
        this.collectionChanges = new CollectionChanges(store, changes, writes, this::supportsVersion, () -> defaultVersion,
                ref -> snapshots.ifPresent(s -> s.delete(ref)), this::now);
        this.jobs = new FeatureJobs(this, store);
        this.defaultVersion = analyzer.featureVersion();
    }

    /** Makes new collections take this feature version unless their spec names one. */
    private void useFeatureVersion(String version) {
        if (!supportsVersion(version)) {
            close();
            throw new IllegalArgumentException("feature-version " + version + " is not one of "
                    + featureVersions().stream().map(FeatureVersion::name).toList());
        }
        defaultVersion = version;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String featureVersion() {
        return defaultVersion;
    }

    @Override
    public List<FeatureVersion> featureVersions() {
        return analysis.analyzer().featureVersions();
    }

    @Override
    public EngineHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean ready = true;
        try {
            store.ping();
            Optional<String> writeFailure = store.writeFailure();
            ready = writeFailure.isEmpty();
            details.put("database", writeFailure
                    .map(reason -> "cannot write (" + reason + "), reads go on: " + store.description())
                    .orElse("reachable: " + store.description()));
        } catch (FaceException e) {
            ready = false;
            details.put("database", "unreachable: " + e.getMessage());
        }
        details.put("analyzer", "loaded, feature version " + defaultVersion + " for new collections");
        long collections = 0;
        long vectors = 0;
        for (Slot slot : loadedIndexes.slots().values()) {
            Loaded loaded = slot.loaded;
            if (loaded != null) {
                collections++;
                vectors += loaded.index().map(VectorIndex::size).orElse(0);
            }
        }
        details.put("index", collections + " collections in memory, " + vectors + " faces");
        return new EngineHealth(ready, details);
    }

    // ---- analysis -------------------------------------------------------------------------

    @Override
    public List<DetectedFace> detect(byte[] image) {
        return analyze(image, Set.of());
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        requireNonNull(image, "image is null");
        requireNonNull(features, "features is null");
        return analysis.analyze(image, features);
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        DetectedFace a = analysis.face(first, Optional.empty(), defaultVersion);
        DetectedFace b = analysis.face(second, Optional.empty(), defaultVersion);
        return new CompareResult(a.embedding().cosine(b.embedding()), a, b);
    }

    // ---- images ---------------------------------------------------------------------------

    @Override
    public String storeImage(String tenant, byte[] image) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(image, "image is null");
        if (image.length == 0) {
            throw new FaceException.InvalidArgument("image", "empty image");
        }
        String imageId = store.storeImage(tenant, image, Optional.empty());
        store.makeDurable();
        return imageId;
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(imageId, "imageId is null");
        return Ids.isWellFormed(imageId) ? store.image(tenant, imageId) : Optional.empty();
    }

    // ---- collections ----------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        return collectionChanges.createCollection(ref, spec);
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        return store.findCollection(ref).map(CollectionRecord::info);
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return store.findCollections(tenant).stream().map(CollectionRecord::info).toList();
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        return collectionChanges.updateCollection(ref, attributes);
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        return collectionChanges.clearCollection(ref);
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        collectionChanges.deleteCollection(ref);
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        return enrolment.addFaces(ref, faces);
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        return enrolment.replaceFaces(ref, tag, faces);
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        return enrolment.copyFaces(target, copies);
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        readable(ref, "tag", tag);
        return store.facesByTag(ref, tag);
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        readable(ref, "faceId", faceId);
        return store.face(ref, faceId);
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        String version = readable(ref, "faceId", faceId).info().featureVersion();
        return store.embedding(ref, faceId, version).map(v -> new Embedding(v, version));
    }

    /** Checks the arguments of a read of one key in a collection, and that the collection exists. */
    private CollectionRecord readable(CollectionRef ref, String keyName, String key) {
        requireNonNull(ref, "ref is null");
        requireNonNull(key, () -> keyName + " is null");
        return store.requireCollection(ref);
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(marker, "marker is null");
        if (limit < 1) {
            throw new FaceException.InvalidArgument("limit", "limit must be positive: " + limit);
        }
        store.requireCollection(ref);
        return store.listFaces(ref, tag, marker, limit);
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        return faceChanges.updateFace(ref, faceId, update);
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        return faceChanges.deleteFacesByTag(ref, tag);
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        return faceChanges.deleteFace(ref, faceId);
    }

    // ---- faces given as vectors -----------------------------------------------------------

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        return vectors.addVectors(ref, faces);
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        return vectors.replaceVectors(ref, faces);
    }

    // ---- search ---------------------------------------------------------------------------

    @Override
    public SearchResult search(SearchQuery query) {
        return searches.search(requireNonNull(query, "query is null"));
    }

    // ---- feature jobs ---------------------------------------------------------------------

    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        return jobs.start(ref, toVersion);
    }

    @Override
    public Optional<FeatureJob> featureJob(String tenant, String jobId) {
        return jobs.job(tenant, jobId);
    }

    @Override
    public List<FeatureJob> featureJobs(String tenant) {
        return jobs.jobs(tenant);
    }

    @Override
    public ImageCheck checkImages(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        store.requireCollection(ref);
        long faces = 0;
        long available = 0;
        for (MongoFaceStore.FaceSource source : store.faceSources(ref)) {
            faces++;
            if (store.hasImage(ref.tenant(), source.face().imageId())) {
                available++;
            }
        }
        return new ImageCheck(faces, available, faces - available);
    }

    /** For {@link FeatureJobs}: the last step of a job (see {@link FaceCopies#finishFeatureJob}). */
    void finishFeatureJob(CollectionRef ref, String fromVersion, String toVersion, Set<String> failedFaceIds) {
        copies.finishFeatureJob(ref, fromVersion, toVersion, failedFaceIds);
    }

    /** For {@link FeatureJobs}: one face extracted again (see {@link FaceCopies#reextract}). */
    boolean reextract(CollectionRef ref, StoredFace face, String version) {
        return copies.reextract(ref, face, version);
    }

    boolean supportsVersion(String version) {
        return analysis.analyzer().supports(version);
    }

    Instant clockNow() {
        return now();
    }

    // ---- records --------------------------------------------------------------------------

    @Override
    public Optional<String> record(String tenant, String kind, String key) {
        checkRecordKey(tenant, kind, key);
        return store.record(tenant, kind, key);
    }

    @Override
    public void putRecord(String tenant, String kind, String key, String json) {
        checkRecordKey(tenant, kind, key);
        requireNonNull(json, "json is null");
        store.putRecord(tenant, kind, key, json, now());
        store.makeDurable();
    }

    @Override
    public boolean deleteRecord(String tenant, String kind, String key) {
        checkRecordKey(tenant, kind, key);
        boolean deleted = store.deleteRecord(tenant, kind, key);
        store.makeDurable();
        return deleted;
    }

    @Override
    public SortedMap<String, String> records(String tenant, String kind) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(kind, "kind is null");
        return store.records(tenant, kind);
    }

    private static void checkRecordKey(String tenant, String kind, String key) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
    }

    // ---- whole tenants --------------------------------------------------------------------

    @Override
    public SortedSet<String> tenants() {
        return store.tenants().all();
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        return new TenantEraser(this, store).erase(tenant);
    }

    @Override
    public void close() {
        try {
            jobs.close();
            snapshots.ifPresent(SnapshotSchedule::close);
            indexes.close();
            analysis.analyzer().close();
        } finally {
            store.close();
        }
    }

    // ---- helpers and test hooks -----------------------------------------------------------

    /** Millisecond precision, what MongoDB keeps, so a face reads back exactly as it was returned. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** For tests: called at each {@link WriteStep} of every face write; what it throws fails the write there. */
    void onWriteStep(Consumer<WriteStep> hook) {
        writes.onWriteStep(hook);
    }

    /** How this engine's indexes followed the database so far. */
    CollectionIndexes.Counters indexCounters() {
        return loadedIndexes.counters();
    }

    /** For tests: the collection's index as loaded now, if one is. */
    Optional<VectorIndex> loadedIndex(CollectionRef ref) {
        return Optional.ofNullable(loadedIndexes.slots().get(ref))
                .flatMap(slot -> Optional.ofNullable(slot.loaded))
                .flatMap(Loaded::index);
    }

    /** For tests that damage the store behind the engine's back. */
    MongoFaceStore store() {
        return store;
    }

    /** For tests that count model runs. */
    FaceAnalyzer analyzerForTests() {
        return analysis.analyzer();
    }
}
