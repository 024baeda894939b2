package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import io.polyface.engine.local.CollectionIndexes.Loaded;
import io.polyface.engine.local.CollectionIndexes.Slot;
import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSettings;
import io.polyface.engine.local.index.IndexSnapshots;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.engine.local.store.ChangeLog.Intent;
import io.polyface.engine.local.store.ChangeLog.Kind;
import io.polyface.engine.local.store.ChangeLogSettings;
import io.polyface.engine.local.store.Ids;
import io.polyface.engine.local.store.LocalEngineSettings;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.engine.local.store.MongoFaceStore.FaceKey;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.BoundingBox;
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
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.QualityCheck;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The local engine: faces analysed in-process by a {@link FaceAnalyzer}, kept in MongoDB, and
 * searched in a per-collection in-memory {@link VectorIndex}: exact, or through an HNSW graph for
 * collections past {@code hnsw-threshold} faces (see {@link IndexSettings}).
 *
 * <h2>Consistency</h2>
 *
 * MongoDB is the truth; an index is a cache of one collection's embeddings of the current feature
 * version. An index is built lazily, on the first call that needs it after start (so the engine
 * starts at once, even while the database is still down), and it is tagged with the collection's
 * document id and version counter. Every face write of this engine runs under the collection's
 * lock, writes to MongoDB, makes the write durable, and only then changes the index and its
 * version. When a write fails part-way the index is dropped and rebuilt from MongoDB on next use,
 * so it never holds a face that was not stored.
 *
 * <h2>Several nodes</h2>
 *
 * The locks here are in-process. Several nodes on one MongoDB see each other's writes as soon as
 * they are acknowledged: every search reads the collection's document (version counter included)
 * from MongoDB and brings an index that is behind up to that version first, and every other read
 * goes to MongoDB itself. Each face write appends its change to the collection's {@link ChangeLog}
 * before it is acknowledged, and an index behind applies the changes since its version (see {@link
 * CollectionIndexes}); it is reloaded only when it is further behind than the log keeps, or after a
 * clear, a feature version switch or a write lost half-way. No change stream or poller is involved,
 * so there is no delay to bound beyond MongoDB's own read concern (primary reads, the driver's
 * default). The quota checks (collections per tenant, faces per tag, capacity) are atomic within a
 * node only; two nodes writing the same tag at the same moment can overshoot a limit by the size of
 * one batch. Collection names are unique across nodes through a unique index.
 *
 * <h2>Atomicity</h2>
 *
 * mongo-java-server has no multi-document transactions, so a multi-document change is ordered to
 * fail safe: faces are inserted before the collection's counters move, new faces of a replaced tag
 * are inserted before the old ones are deleted, and a deleted collection loses its faces before its
 * document. A counter left behind by a crash is repaired when the index is rebuilt.
 *
 * <p>Thread-safe.
 */
public final class LocalFaceEngine implements FaceEngine {

    private static final System.Logger LOG = System.getLogger(LocalFaceEngine.class.getName());

    /** How much a detected face must overlap a caller's region to be taken for it. */
    static final double REGION_MIN_IOU = 0.3;

    /** The longest a caller-chosen face id may be. */
    static final int MAX_FACE_ID_LENGTH = 128;

    private final String name;
    private final FaceAnalyzer analyzer;
    private final MongoFaceStore store;
    private final Clock clock;
    private final ConcurrentMap<String, ReentrantLock> tenantLocks = new ConcurrentHashMap<>();
    private final AtomicLong lastSeq = new AtomicLong();
    private final IndexRuntime indexes;
    private final ChangeLog changes;
    private final CollectionIndexes loadedIndexes;
    /** The slots of {@link #loadedIndexes}, by collection. */
    private final ConcurrentMap<CollectionRef, Slot> slots;
    private volatile Consumer<WriteStep> writeSteps = step -> { };
    private final FeatureJobs jobs;
    private volatile Optional<IndexSnapshots> snapshots = Optional.empty();
    private volatile Optional<ScheduledExecutorService> idleSaver = Optional.empty();
    private volatile String defaultVersion;

    /**
     * Opens the store named by the context's settings (see {@link LocalEngineSettings}) and takes
     * ownership of the analyzer: both are closed with the engine.
     */
    public LocalFaceEngine(EngineContext context, FaceAnalyzer analyzer) {
        // Settings are read before the store opens, so a bad one leaves nothing running.
        this(context, analyzer, IndexSettings.from(context), SnapshotSettings.from(context), ChangeLogSettings.from(context));
    }

    private LocalFaceEngine(EngineContext context, FaceAnalyzer analyzer, IndexSettings indexSettings,
            SnapshotSettings snapshotSettings, ChangeLogSettings changeLogSettings) {
        this(context.name(), analyzer, MongoFaceStore.open(LocalEngineSettings.from(context), context.dataDirectory()),
                context.clock(), indexSettings, changeLogSettings);
        context.setting("feature-version").ifPresent(this::useFeatureVersion);
        if (snapshotSettings.rows() >= 0) {
            IndexSnapshots target = new IndexSnapshots(context.dataDirectory().resolve("index-snapshots"),
                    snapshotSettings.rows());
            snapshots = Optional.of(target);
            loadedIndexes.useSnapshots(target);
            Duration idle = snapshotSettings.idle();
            if (idle.isPositive()) {
                ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(
                        IndexRuntime.daemonThreads("polyface-index-snapshots-"));
                saver.scheduleWithFixedDelay(() -> saveIdleSnapshots(target), idle.toMillis(), idle.toMillis(),
                        TimeUnit.MILLISECONDS);
                idleSaver = Optional.of(saver);
            }
        }
    }

    /** {@code index-snapshot-rows} (-1: no snapshots) and {@code index-snapshot-idle-seconds} (0: only at close). */
    private record SnapshotSettings(int rows, Duration idle) {
        static SnapshotSettings from(EngineContext context) {
            Duration idle = IndexSettings.number(context, "index-snapshot-idle-seconds")
                    .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
                    .orElse(DEFAULT_SNAPSHOT_IDLE);
            if (idle.isNegative()) {
                throw new IllegalArgumentException(
                        "index-snapshot-idle-seconds must not be negative (0 turns it off): " + idle.toMillis() / 1000.0);
            }
            return new SnapshotSettings(
                    IndexSettings.integer(context, "index-snapshot-rows").orElse(DEFAULT_SNAPSHOT_ROWS), idle);
        }
    }

    /** Collections of at least this many faces get an index snapshot (see {@link IndexSnapshots}). */
    static final int DEFAULT_SNAPSHOT_ROWS = 10_000;

    /**
     * How long a collection's index must stay unchanged before it is saved without a close: a crash
     * then costs a read of the snapshot instead of one of every face (a minute or more for a million
     * faces on the embedded store), unless it came within this long of the last write.
     */
    static final Duration DEFAULT_SNAPSHOT_IDLE = Duration.ofSeconds(60);

    /** At a close: a snapshot of every loaded index not saved as it is now. */
    private void saveSnapshots(IndexSnapshots target) {
        slots.forEach((ref, slot) -> {
            Loaded loaded = slot.loaded;
            if (loaded != null && loaded.index().isPresent() && loaded != slot.saved) {
                save(target, ref, loaded);
            }
        });
    }

    /**
     * Every idle period: a snapshot of each index that has not changed since the last round and is
     * not saved as it is. The index is read without the collection's lock (a million faces take
     * 2-10 s to write), so writes and searches go on; a write meanwhile voids the copy, which is
     * then left for a later round. The lock is taken only to note the index's state at the start
     * and to put the file in place at the end, if the collection is still in that state.
     */
    private void saveIdleSnapshots(IndexSnapshots target) {
        slots.forEach((ref, slot) -> {
            Loaded now = slot.loaded;
            Loaded before = slot.seen;
            slot.seen = now;
            if (now == null || now != before || now == slot.saved || now.index().isEmpty()) {
                return;
            }
            VectorIndex index = now.index().get();
            try {
                long changes;
                slot.lock.lock();
                try {
                    if (slot.loaded != now) {
                        return;
                    }
                    changes = index.changes();
                } finally {
                    slot.lock.unlock();
                }
                Optional<IndexSnapshots.Written> written = target.write(ref, keyOf(now), index, changes);
                if (written.isEmpty()) {
                    return;
                }
                slot.lock.lock();
                try {
                    if (slot.loaded == now && index.changes() == changes) {
                        if (written.get().publish()) {
                            slot.saved = now;
                        }
                    } else {
                        written.get().discard();
                    }
                } finally {
                    slot.lock.unlock();
                }
            } catch (RuntimeException e) {
                // Caught here too: an exception out of a round would cancel every later round.
                LOG.log(Level.WARNING, "{0}: no index snapshot written: {1}", ref, e.getMessage());
            }
        });
    }

    private static void save(IndexSnapshots target, CollectionRef ref, Loaded loaded) {
        target.save(ref, keyOf(loaded), loaded.index().orElseThrow());
    }

    private static IndexSnapshots.Key keyOf(Loaded loaded) {
        return new IndexSnapshots.Key(loaded.collectionId(), loaded.completeVersion(), loaded.featureVersion());
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
        this.analyzer = requireNonNull(analyzer, "analyzer is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.indexes = new IndexRuntime(requireNonNull(indexSettings, "indexSettings is null"));
        this.changes = new ChangeLog(store, requireNonNull(changeLogSettings, "changeLogSettings is null"));
        this.loadedIndexes = new CollectionIndexes(store, changes, indexes, clock);
        this.slots = loadedIndexes.slots();
        this.jobs = new FeatureJobs(this, store);
        this.defaultVersion = analyzer.featureVersion();
    }

    /** Makes new collections take this feature version unless their spec names one. */
    private void useFeatureVersion(String version) {
        if (!analyzer.supports(version)) {
            close();
            throw new IllegalArgumentException("feature-version " + version + " is not one of "
                    + analyzer.featureVersions().stream().map(FeatureVersion::name).toList());
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
        for (Slot slot : slots.values()) {
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
        try {
            return analyzer.analyze(image, Set.copyOf(features));
        } catch (FaceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceException.Internal("face analysis failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        DetectedFace a = mainFace(first);
        DetectedFace b = mainFace(second);
        return new CompareResult(a.embedding().cosine(b.embedding()), a, b);
    }

    /**
     * The faces of an image in a feature version: the fast pass when neither details nor a region
     * are wanted, else the thorough one (tiles on large images) with the details.
     */
    private List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, boolean thorough, String version) {
        requireNonNull(image, "image is null");
        try {
            return thorough || !features.isEmpty()
                    ? analyzer.analyze(image, features, version)
                    : analyzer.analyze(image, version);
        } catch (FaceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FaceException.Internal("face analysis failed: " + e.getMessage(), e);
        }
    }

    private DetectedFace mainFace(byte[] image) {
        return pick(analyze(image, Set.of(), false, defaultVersion), Optional.empty());
    }

    /** The main face, or the one overlapping the region most (IoU at least {@value #REGION_MIN_IOU}). */
    private static DetectedFace pick(List<DetectedFace> faces, Optional<BoundingBox> region) {
        if (region.isEmpty()) {
            if (faces.isEmpty()) {
                throw new FaceException.NoFace();
            }
            return faces.getFirst();
        }
        return faces.stream()
                .filter(f -> f.box().iou(region.get()) >= REGION_MIN_IOU)
                .max(Comparator.comparingDouble(f -> f.box().iou(region.get())))
                .orElseThrow(FaceException.NoFace::new);
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
        requireNonNull(ref, "ref is null");
        requireNonNull(spec, "spec is null");
        if (spec.featureVersion().filter(v -> !analyzer.supports(v)).isPresent()) {
            throw new FaceException.InvalidArgument("featureVersion", "no feature version " + spec.featureVersion().get());
        }
        // The count and the insert must not interleave with another create of the same tenant.
        ReentrantLock lock = tenantLocks.computeIfAbsent(ref.tenant(), t -> new ReentrantLock());
        lock.lock();
        try {
            if (store.findCollection(ref).isPresent()) {
                throw new FaceException.AlreadyExists(Resource.COLLECTION, ref.name());
            }
            if (spec.maxCollectionsPerTenant().isPresent()) {
                int max = spec.maxCollectionsPerTenant().getAsInt();
                if (store.countCollections(ref.tenant()) >= max) {
                    throw new FaceException.QuotaExceeded(
                            Quota.COLLECTIONS, max, "already " + max + " collections, the most allowed");
                }
            }
            CollectionRecord created = store.insertCollection(
                    ref, spec.withFeatureVersion(spec.featureVersion().orElse(defaultVersion)), now());
            store.makeDurable();
            return created.info();
        } finally {
            lock.unlock();
        }
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
    public long clearCollection(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        return underCollectionLock(ref, locked -> {
            Intent intent = changes.announce(ref, now());
            long removed = store.deleteAllFaces(ref);
            CollectionRecord after = store.versions().recordCleared(ref, now(), intent).orElseThrow(() -> notFound(ref));
            changes.publish(after, Kind.CLEARED, List.of());
            store.makeDurable();
            locked.advance(after, index -> Optional.empty());
            quietly("delete images of " + ref, () -> store.deleteImagesOf(ref));
            return removed;
        });
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        underCollectionLock(ref, locked -> {
            // Faces first: a failure in between leaves an empty collection, never orphaned faces
            // that would reappear in a new collection of the same name; its announcement makes
            // other nodes reload it then.
            changes.announce(ref, now());
            store.deleteAllFaces(ref);
            store.deleteCollection(ref);
            store.makeDurable();
            snapshots.ifPresent(s -> s.delete(ref));
            locked.slot().set(null);
            slots.remove(ref, locked.slot());
            quietly("delete images of " + ref, () -> store.deleteImagesOf(ref));
            quietly("delete the change log of " + ref, () -> changes.forget(locked.record().id(), locked.record().version()));
            return null;
        });
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        String version = requireCollection(ref).info().featureVersion();
        // The models are the slow part: run them before taking any lock.
        List<Analysis> analyses = faces.stream().map(f -> analyzeForEnrolment(f, version)).toList();
        return underCollectionLock(ref, locked -> {
            List<Analysis> current = inVersionOf(locked, analyses);
            Admission admission = new Admission(ref, locked.record(), faceCount(ref, locked.record()));
            List<Analysis> admitted = current.stream().map(admission::admit).toList();
            return enrol(ref, locked, admitted, List.of());
        });
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(faces, "faces is null");
        CollectionRecord record = requireCollection(ref);
        if (store.countFacesByTag(ref, tag) == 0) {
            throw new FaceException.NotFound(Resource.TAG, tag);
        }
        if (record.spec().maxFacesPerTag().isPresent() && faces.size() > record.spec().maxFacesPerTag().getAsInt()) {
            int max = record.spec().maxFacesPerTag().getAsInt();
            return faces.stream()
                    .map(f -> (EnrolOutcome) new EnrolOutcome.Rejected(tooManyForTag(tag, max)))
                    .toList();
        }
        List<Analysis> analyses = faces.stream()
                .map(f -> f.tag().equals(tag) ? f : f.withTag(tag))
                .map(f -> analyzeForEnrolment(f, record.info().featureVersion()))
                .toList();
        return underCollectionLock(ref, locked -> {
            CollectionRecord current = locked.record();
            List<FaceKey> old = store.faceKeysByTag(ref, tag);
            if (old.isEmpty()) {
                throw new FaceException.NotFound(Resource.TAG, tag);
            }
            if (analyses.stream().noneMatch(a -> a instanceof Analysis.Valid)) {
                return outcomesOf(analyses);
            }
            // The tag's old faces make room: only capacity applies, the per-tag limit was checked above.
            Admission admission = new Admission(ref, current, faceCount(ref, current) - old.size());
            admission.ignoreTagLimit();
            admission.replacing(old.stream().map(FaceKey::faceId).toList());
            List<Analysis> admitted = inVersionOf(locked, analyses).stream().map(admission::admit).toList();
            if (admitted.stream().noneMatch(a -> a instanceof Analysis.Valid)) {
                return outcomesOf(admitted);
            }
            return enrol(ref, locked, admitted, old);
        });
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        requireCollection(ref);
        return store.facesByTag(ref, tag);
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        return underCollectionLock(ref, locked -> {
            List<FaceKey> keys = store.faceKeysByTag(ref, tag);
            if (keys.isEmpty()) {
                return 0L;
            }
            List<String> ids = keys.stream().map(FaceKey::faceId).toList();
            Intent intent = changes.announce(ref, now());
            long removed = store.deleteFaces(ref, ids);
            afterRemoval(ref, locked, intent, removed, ids, keys.stream().map(FaceKey::imageId).toList(), "tag " + tag);
            return removed;
        });
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        requireCollection(ref);
        return store.face(ref, faceId);
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        return underCollectionLock(ref, locked -> {
            Intent intent = changes.announce(ref, now());
            Optional<StoredFace> deleted = store.deleteFace(ref, faceId);
            if (deleted.isEmpty()) {
                changes.withdraw(ref, intent);
                return false;
            }
            afterRemoval(ref, locked, intent, 1, List.of(faceId), List.of(deleted.get().imageId()), "face " + faceId);
            return true;
        });
    }

    /**
     * What follows faces deleted from the store under the collection lock: the counters, a commit,
     * the index, and (best effort) the images they were enrolled from.
     */
    private void afterRemoval(CollectionRef ref, Locked locked, Intent intent, long removed, List<String> faceIds,
            List<String> imageIds, String what) {
        CollectionRecord after = store.versions().recordFaceChange(ref, -removed, now(), intent).orElseThrow(() -> notFound(ref));
        changes.publish(after, Kind.FACES, faceIds);
        store.makeDurable();
        locked.advance(after, index -> {
            index.ifPresent(i -> i.removeAll(faceIds));
            return index;
        });
        quietly("delete images of " + what, () -> store.deleteImages(imageIds));
    }

    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        requireNonNull(ref, "ref is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(marker, "marker is null");
        if (limit < 1) {
            throw new FaceException.InvalidArgument("limit", "limit must be positive: " + limit);
        }
        requireCollection(ref);
        return store.listFaces(ref, tag, marker, limit);
    }

    // ---- search ---------------------------------------------------------------------------

    @Override
    public SearchResult search(SearchQuery query) {
        requireNonNull(query, "query is null");
        Set<CollectionRef> refs = new LinkedHashSet<>(query.collections());
        String tenant = query.collections().getFirst().tenant();
        if (refs.stream().anyMatch(ref -> !ref.tenant().equals(tenant))) {
            throw new FaceException.InvalidArgument("collections", "a search covers the collections of one tenant");
        }
        Map<CollectionRef, CollectionRecord> records = new LinkedHashMap<>();
        for (CollectionRef ref : refs) {
            records.put(ref, requireCollection(ref));
        }
        Set<String> versions = new TreeSet<>();
        records.values().forEach(r -> versions.add(r.info().featureVersion()));
        if (versions.size() > 1) {
            throw new FaceException.InvalidArgument("collections",
                    "the collections hold different feature versions " + versions + " and cannot be searched together");
        }
        String version = versions.iterator().next();
        Optional<DetectedFace> probeFace;
        Embedding probe;
        switch (query.probe()) {
            case Probe.ImageProbe image -> {
                DetectedFace face = pick(analyze(image.image(), Set.of(), image.region().isPresent(), version),
                        image.region());
                probeFace = Optional.of(face);
                probe = face.embedding();
            }
            case Probe.EmbeddingProbe embedding -> {
                probeFace = Optional.empty();
                probe = embedding.embedding();
            }
            case Probe.StoredFaceProbe stored -> {
                probeFace = Optional.empty();
                probe = storedEmbedding(stored, tenant, version);
            }
        }
        if (!probe.featureVersion().equals(version)) {
            throw new FaceException.InvalidArgument("probe", "probe has feature version " + probe.featureVersion()
                    + ", the collections " + version);
        }

        record Candidate(CollectionRef collection, VectorIndex.Hit hit) {}
        List<Candidate> candidates = new ArrayList<>();
        for (var entry : records.entrySet()) {
            Optional<VectorIndex> index = loadedIndexes.current(entry.getKey(), entry.getValue()).index();
            if (index.isEmpty()) {
                continue;
            }
            if (index.get().dimension() != probe.vector().length) {
                throw new FaceException.InvalidArgument("probe", "probe has " + probe.vector().length
                        + " dimensions, the collection " + index.get().dimension());
            }
            for (VectorIndex.Hit hit : index.get().search(probe.vector(), query.topK(), query.minScore(), query.distinctTags())) {
                candidates.add(new Candidate(entry.getKey(), hit));
            }
        }
        // At most topK per collection: sorting this short list is cheap.
        candidates.sort(Comparator.comparingDouble((Candidate c) -> c.hit().score()).reversed());
        Map<CollectionRef, Map<String, StoredFace>> faces = new HashMap<>();
        candidates.stream()
                .collect(groupingBy(Candidate::collection, mapping(c -> c.hit().faceId(), toList())))
                .forEach((ref, ids) -> {
                    Map<String, StoredFace> byId = new HashMap<>();
                    store.facesById(ref, ids).forEach(f -> byId.put(f.faceId(), f));
                    faces.put(ref, byId);
                });
        List<SearchHit> hits = new ArrayList<>();
        Set<String> seenTags = new HashSet<>();
        for (Candidate candidate : candidates) {
            StoredFace face = faces.get(candidate.collection()).get(candidate.hit().faceId());
            // A face deleted since the scan is gone; the same tag in two collections counts once.
            if (face == null || (query.distinctTags() && !seenTags.add(face.tag()))) {
                continue;
            }
            hits.add(new SearchHit(face, candidate.hit().score()));
            if (hits.size() == query.topK()) {
                break;
            }
        }
        return new SearchResult(probeFace, hits);
    }

    /** The stored embedding a {@link Probe.StoredFaceProbe} names, in the searched version. */
    private Embedding storedEmbedding(Probe.StoredFaceProbe stored, String tenant, String version) {
        if (!stored.collection().tenant().equals(tenant)) {
            throw new FaceException.InvalidArgument("probe", "a search covers the collections of one tenant");
        }
        requireCollection(stored.collection());
        if (store.face(stored.collection(), stored.faceId()).isEmpty()) {
            throw new FaceException.NotFound(Resource.FACE, stored.faceId());
        }
        float[] vector = store.embedding(stored.collection(), stored.faceId(), version)
                .orElseThrow(() -> new FaceException.InvalidArgument("probe",
                        "face " + stored.faceId() + " has no embedding of feature version " + version));
        return new Embedding(vector, version);
    }

    // ---- enrolment ------------------------------------------------------------------------

    /** A face ready to enrol, or the reason it cannot be. */
    private sealed interface Analysis {
        /** @param copied whether the face comes from another collection rather than from detection */
        record Valid(NewFace request, DetectedFace face, boolean copied) implements Analysis {
            public Valid {
                requireNonNull(request, "request is null");
                requireNonNull(face, "face is null");
            }
        }

        record Invalid(FaceException reason, Optional<DetectedFace> detected) implements Analysis {
            public Invalid {
                requireNonNull(reason, "reason is null");
                requireNonNull(detected, "detected is null");
            }

            Invalid(FaceException reason) {
                this(reason, Optional.empty());
            }
        }
    }

    private Analysis analyzeForEnrolment(NewFace request, String version) {
        requireNonNull(request, "face is null");
        try {
            request.faceId().ifPresent(LocalFaceEngine::checkFaceId);
            Set<FaceFeature> features = EnumSet.noneOf(FaceFeature.class);
            features.addAll(request.details());
            request.qualityGate().ifPresent(gate -> features.addAll(List.of(FaceFeature.POSE, FaceFeature.QUALITY)));
            DetectedFace face = pick(analyze(request.image(), features, request.region().isPresent(), version),
                    request.region());
            if (!face.embedding().featureVersion().equals(version)) {
                throw new FaceException.Internal("analyzer made feature version " + face.embedding().featureVersion()
                        + ", asked for " + version, null);
            }
            if (request.qualityGate().isPresent()) {
                FacePose pose = face.details().pose().orElseThrow(() -> missingDetail("pose"));
                FaceQuality quality = face.details().quality().orElseThrow(() -> missingDetail("quality"));
                List<QualityCheck> failed = request.qualityGate().get().evaluate(pose, quality);
                if (!failed.isEmpty()) {
                    String names = failed.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(joining(", "));
                    return new Analysis.Invalid(new FaceException.BadQuality("face fails " + names, failed), Optional.of(face));
                }
            }
            return new Analysis.Valid(request, face, false);
        } catch (FaceException e) {
            // Bad images are the caller's and reject only this face; outages and defects fail the call.
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    private static FaceException missingDetail(String what) {
        return new FaceException.Internal("the analyzer did not measure the face's " + what, null);
    }

    static void checkFaceId(String id) {
        if (id.isBlank() || id.length() > MAX_FACE_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new FaceException.InvalidArgument("faceId",
                    "a face id is 1 to " + MAX_FACE_ID_LENGTH + " characters without control characters");
        }
    }

    /**
     * The analyses in the collection's feature version as read under its lock: a feature job that
     * finished since they were made switched the version, and the few faces of that race are
     * analysed again.
     */
    private List<Analysis> inVersionOf(Locked locked, List<Analysis> analyses) {
        String version = locked.record().info().featureVersion();
        return analyses.stream()
                .map(a -> a instanceof Analysis.Valid valid && !valid.face().embedding().featureVersion().equals(version)
                        ? (valid.copied() ? reembedCopy(valid, version) : analyzeForEnrolment(valid.request(), version))
                        : a)
                .toList();
    }

    /** Applies face ids, capacity and per-tag limits in order, counting what it has already let in. */
    private final class Admission {
        private final CollectionRef ref;
        private final CollectionSpec spec;
        private final Map<String, Long> tagCounts = new HashMap<>();
        private final Set<String> ids = new HashSet<>();
        private final Set<String> leaving = new HashSet<>();
        private long faceCount;
        private boolean tagLimit = true;

        Admission(CollectionRef ref, CollectionRecord record, long faceCount) {
            this.ref = ref;
            this.spec = record.spec();
            this.faceCount = faceCount;
        }

        void ignoreTagLimit() {
            tagLimit = false;
        }

        /** Faces the write removes, whose ids may be taken again. */
        void replacing(List<String> faceIds) {
            leaving.addAll(faceIds);
        }

        Analysis admit(Analysis analysis) {
            if (!(analysis instanceof Analysis.Valid valid)) {
                return analysis;
            }
            Optional<String> id = valid.request().faceId();
            if (id.isPresent() && (!ids.add(id.get())
                    || (!leaving.contains(id.get()) && store.face(ref, id.get()).isPresent()))) {
                return new Analysis.Invalid(new FaceException.AlreadyExists(Resource.FACE, id.get()));
            }
            if (spec.capacity().isPresent() && faceCount >= spec.capacity().getAsLong()) {
                long capacity = spec.capacity().getAsLong();
                return new Analysis.Invalid(new FaceException.QuotaExceeded(
                        Quota.COLLECTION_CAPACITY, capacity, "collection " + ref + " is full at " + capacity + " faces"));
            }
            String tag = valid.request().tag();
            if (tagLimit && spec.maxFacesPerTag().isPresent()) {
                int max = spec.maxFacesPerTag().getAsInt();
                long count = tagCounts.computeIfAbsent(tag, t -> store.countFacesByTag(ref, t));
                if (count >= max) {
                    return new Analysis.Invalid(tooManyForTag(tag, max));
                }
                tagCounts.put(tag, count + 1);
            }
            faceCount++;
            return analysis;
        }
    }

    /** Stores the admitted faces (replacing {@code replaced}), then brings the index in step. */
    private List<EnrolOutcome> enrol(CollectionRef ref, Locked locked, List<Analysis> admitted, List<FaceKey> replaced) {
        Instant now = now();
        List<FaceRecord> records = new ArrayList<>();
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (Analysis analysis : admitted) {
            switch (analysis) {
                case Analysis.Invalid invalid -> outcomes.add(new EnrolOutcome.Rejected(invalid.reason(), invalid.detected()));
                case Analysis.Valid valid -> {
                    NewFace request = valid.request();
                    // The image is kept so the face can be re-extracted when the models change.
                    String imageId = store.storeImage(ref.tenant(), request.image(), Optional.of(ref.name()));
                    StoredFace face = new StoredFace(request.faceId().orElseGet(Ids::newId), ref, request.tag(),
                            request.description(), request.userData(), valid.face().box(), imageId, now);
                    Embedding embedding = valid.face().embedding();
                    records.add(new FaceRecord(face, nextSeq(now), embedding.vector(), embedding.featureVersion()));
                    outcomes.add(new EnrolOutcome.Enrolled(face,
                            valid.copied() ? Optional.empty() : Optional.of(valid.face())));
                }
            }
        }
        if (!records.isEmpty()) {
            write(ref, locked, records, replaced, now);
        }
        return outcomes;
    }

    /** Stores face records (replacing {@code replaced}), makes them durable, then brings the index in step. */
    private void write(CollectionRef ref, Locked locked, List<FaceRecord> records, List<FaceKey> replaced, Instant now) {
        List<String> replacedIds = replaced.stream().map(FaceKey::faceId).toList();
        boolean idsReused = records.stream().anyMatch(r -> replacedIds.contains(r.face().faceId()));
        Intent intent = changes.announce(ref, now);
        long removed;
        if (idsReused) {
            // A new face takes over an old one's id, so the old one must go first.
            removed = store.deleteFaces(ref, replacedIds);
            store.insertFaces(records);
        } else {
            // New faces first: a failure in between leaves the tag with too many faces, never with none.
            store.insertFaces(records);
            removed = store.deleteFaces(ref, replacedIds);
        }
        writeSteps.accept(WriteStep.FACES_WRITTEN);
        CollectionRecord after = store.versions().recordFaceChange(ref, records.size() - removed, now, intent)
                .orElseThrow(() -> notFound(ref));
        writeSteps.accept(WriteStep.VERSION_BUMPED);
        Set<String> touched = new LinkedHashSet<>(replacedIds);
        records.forEach(r -> touched.add(r.face().faceId()));
        changes.publish(after, Kind.FACES, touched);
        store.makeDurable();

        locked.advance(after, current -> {
            VectorIndex index = current.orElseGet(() -> new VectorIndex(records.getFirst().embedding().length, indexes));
            index.removeAll(replacedIds);
            for (FaceRecord record : records) {
                index.add(record.face().faceId(), record.face().tag(), record.embedding());
            }
            return Optional.of(index);
        });
        if (!replaced.isEmpty()) {
            quietly("delete replaced images", () -> store.deleteImages(replaced.stream().map(FaceKey::imageId).toList()));
        }
    }

    // ---- faces given as vectors -----------------------------------------------------------

    @Override
    public List<StoredFace> addVectors(CollectionRef ref, List<VectorFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        return underCollectionLock(ref, locked -> {
            GivenVectors.check(faces, dimensionOf(locked));
            if (faces.isEmpty()) {
                return List.of();
            }
            List<String> ids = faces.stream().map(VectorFace::faceId).toList();
            store.facesById(ref, ids).stream().findFirst().ifPresent(taken -> {
                throw new FaceException.AlreadyExists(Resource.FACE, taken.faceId());
            });
            CollectionSpec spec = locked.record().spec();
            if (spec.capacity().isPresent() && faceCount(ref, locked.record()) + faces.size() > spec.capacity().getAsLong()) {
                long capacity = spec.capacity().getAsLong();
                throw new FaceException.QuotaExceeded(Quota.COLLECTION_CAPACITY, capacity,
                        "collection " + ref + " would have more than " + capacity + " faces");
            }
            checkTagLimit(ref, spec, GivenVectors.perTag(faces), Map.of());
            return writeVectors(ref, locked, faces, Map.of(), List.of());
        });
    }

    @Override
    public List<StoredFace> replaceVectors(CollectionRef ref, List<VectorFace> faces) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faces, "faces is null");
        return underCollectionLock(ref, locked -> {
            try {
                GivenVectors.check(faces, dimensionOf(locked));
            } catch (FaceException.AlreadyExists twice) {
                throw new FaceException.InvalidArgument("faces", "face " + twice.id() + " is given twice");
            }
            if (faces.isEmpty()) {
                return List.of();
            }
            Map<String, StoredFace> current = new HashMap<>();
            store.facesById(ref, faces.stream().map(VectorFace::faceId).toList()).forEach(f -> current.put(f.faceId(), f));
            for (VectorFace face : faces) {
                if (!current.containsKey(face.faceId())) {
                    throw new FaceException.NotFound(Resource.FACE, face.faceId());
                }
            }
            Map<String, Long> leaving = new HashMap<>();
            current.values().forEach(f -> leaving.merge(f.tag(), 1L, Long::sum));
            checkTagLimit(ref, locked.record().spec(), GivenVectors.perTag(faces), leaving);
            List<FaceKey> replaced = current.values().stream().map(f -> new FaceKey(f.faceId(), f.imageId())).toList();
            return writeVectors(ref, locked, faces, current, replaced);
        });
    }

    /** The collection's vector width: its feature version's, else that of its loaded index. */
    private OptionalInt dimensionOf(Locked locked) {
        String version = locked.record().info().featureVersion();
        OptionalInt declared = analyzer.featureVersions().stream()
                .filter(v -> v.name().equals(version))
                .findFirst()
                .map(FeatureVersion::dimension)
                .orElse(OptionalInt.empty());
        if (declared.isPresent()) {
            return declared;
        }
        return locked.loaded().flatMap(Loaded::index).map(i -> OptionalInt.of(i.dimension())).orElse(OptionalInt.empty());
    }

    /** Whether each tag, less the faces leaving it, can take the batch's faces. */
    private void checkTagLimit(CollectionRef ref, CollectionSpec spec, Map<String, Long> arriving, Map<String, Long> leaving) {
        if (spec.maxFacesPerTag().isEmpty()) {
            return;
        }
        int max = spec.maxFacesPerTag().getAsInt();
        arriving.forEach((tag, count) -> {
            if (store.countFacesByTag(ref, tag) - leaving.getOrDefault(tag, 0L) + count > max) {
                throw tooManyForTag(tag, max);
            }
        });
    }

    /** Stores vector faces (a replaced face keeps its creation time) in the collection's version. */
    private List<StoredFace> writeVectors(CollectionRef ref, Locked locked, List<VectorFace> faces,
            Map<String, StoredFace> current, List<FaceKey> replaced) {
        Instant now = now();
        String version = locked.record().info().featureVersion();
        List<FaceRecord> records = new ArrayList<>();
        for (VectorFace face : faces) {
            Instant created = Optional.ofNullable(current.get(face.faceId())).map(StoredFace::createdAt).orElse(now);
            StoredFace stored = new StoredFace(face.faceId(), ref, face.tag(), face.description(), face.userData(),
                    face.box().orElse(NO_BOX), NO_IMAGE, created);
            records.add(new FaceRecord(stored, nextSeq(now), face.vector(), version));
        }
        write(ref, locked, records, replaced, now);
        return records.stream().map(FaceRecord::face).toList();
    }

    /** The box of a face given as a vector without one. */
    static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);

    /** The image id of a face given as a vector: it has none. */
    static final String NO_IMAGE = "";

    /**
     * The count capacity is checked against: counted afresh when there is a capacity, since the
     * stored counter can lag behind after a write that failed part-way.
     */
    private long faceCount(CollectionRef ref, CollectionRecord record) {
        return record.spec().capacity().isPresent() ? store.countFaces(ref) : record.info().faceCount();
    }

    private static List<EnrolOutcome> outcomesOf(List<Analysis> analyses) {
        return analyses.stream()
                .map(a -> switch (a) {
                    case Analysis.Invalid invalid -> (EnrolOutcome) new EnrolOutcome.Rejected(invalid.reason(), invalid.detected());
                    case Analysis.Valid valid -> throw new IllegalStateException("valid face not enrolled");
                })
                .toList();
    }

    private static FaceException tooManyForTag(String tag, int max) {
        return new FaceException.QuotaExceeded(Quota.FACES_PER_TAG, max, "tag " + tag + " would have more than " + max + " faces");
    }

    // ---- collection state -----------------------------------------------------------------

    /** Where a face write stands, for tests that stop a writer there as a crash would. */
    enum WriteStep {
        /** The faces are stored; the version is not bumped yet. */
        FACES_WRITTEN,
        /** The version is bumped; the change log has no entry for it yet. */
        VERSION_BUMPED
    }

    /** For tests: called at each {@link WriteStep} of every face write; what it throws fails the write there. */
    void onWriteStep(Consumer<WriteStep> hook) {
        writeSteps = requireNonNull(hook, "hook is null");
    }

    /** How this engine's indexes followed the database so far. */
    CollectionIndexes.Counters indexCounters() {
        return loadedIndexes.counters();
    }

    /** For tests: the collection's index as loaded now, if one is. */
    Optional<VectorIndex> loadedIndex(CollectionRef ref) {
        return Optional.ofNullable(slots.get(ref)).flatMap(slot -> Optional.ofNullable(slot.loaded)).flatMap(Loaded::index);
    }

    /**
     * What a write sees under its collection's lock: the collection's document, read under the
     * lock, and the index loaded for that document, current or behind. A write never loads an
     * index: one that is missing stays so, and the next search loads it with the write included.
     */
    private record Locked(Slot slot, CollectionRecord record, Optional<Loaded> loaded, boolean logged) {
        /**
         * Applies this node's write, which moved the collection to {@code after}, to the loaded
         * index. The index is then at that version when it was at the one before; when another
         * node wrote in between, it stays at its own version and the next search catches up from
         * the change log, reading this write's faces again (which changes nothing). Without a
         * change log such an index is dropped instead, and reloaded.
         */
        void advance(CollectionRecord after, UnaryOperator<Optional<VectorIndex>> change) {
            Loaded now = slot.loaded;
            if (now == null || !now.isOf(after)) {
                slot.set(null);
                return;
            }
            boolean next = after.version() == now.version() + 1;
            if (!next && !logged) {
                slot.set(null);
                return;
            }
            slot.set(new Loaded(after.id(), next ? after.version() : now.version(), now.featureVersion(),
                    change.apply(now.index()), now.holes()));
        }
    }

    private <T> T underCollectionLock(CollectionRef ref, Function<Locked, T> work) {
        Slot slot = loadedIndexes.slot(ref);
        slot.lock.lock();
        try {
            CollectionRecord record = requireCollection(ref);
            Optional<Loaded> loaded = Optional.ofNullable(slot.loaded).filter(l -> l.isOf(record));
            return work.apply(new Locked(slot, record, loaded, changes.enabled()));
        } catch (FaceException.BackendUnavailable | FaceException.Internal e) {
            invalidate(slot, e);
            throw e;
        } catch (FaceException e) {
            throw e;
        } catch (RuntimeException e) {
            invalidate(slot, e);
            throw new FaceException.Internal("write to " + ref + " failed: " + e.getMessage(), e);
        } finally {
            slot.lock.unlock();
        }
    }

    private static void invalidate(Slot slot, RuntimeException cause) {
        // The write may have gone in part; only MongoDB knows, so the index is rebuilt from it.
        LOG.log(Level.DEBUG, "dropping index after a failed write: {0}", cause.getMessage());
        slot.set(null);
    }

    private CollectionRecord requireCollection(CollectionRef ref) {
        return store.findCollection(ref).orElseThrow(() -> notFound(ref));
    }

    private static FaceException.NotFound notFound(CollectionRef ref) {
        return new FaceException.NotFound(Resource.COLLECTION, ref.name());
    }

    // ---- small helpers --------------------------------------------------------------------

    /** Millisecond precision, what MongoDB keeps, so a face reads back exactly as it was returned. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Creation order across batches and within one, even when the clock stands still. */
    private long nextSeq(Instant now) {
        long floor = now.toEpochMilli() * 1000;
        return lastSeq.updateAndGet(last -> Math.max(last + 1, floor));
    }

    /** Clean-up after a write is durable: failing it leaves garbage, not an error for the caller. */
    private static void quietly(String what, Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not " + what + ", left behind: " + e.getMessage());
        }
    }

    // ---- collection attributes, face updates and copies --------------------------------------

    @Override
    public List<FeatureVersion> featureVersions() {
        return analyzer.featureVersions();
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        requireNonNull(ref, "ref is null");
        requireNonNull(attributes, "attributes is null");
        CollectionRecord after = store.updateAttributes(ref, Map.copyOf(attributes), now()).orElseThrow(() -> notFound(ref));
        store.makeDurable();
        return after.info();
    }

    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        requireNonNull(update, "update is null");
        return underCollectionLock(ref, locked -> {
            StoredFace before = store.face(ref, faceId).orElseThrow(() -> new FaceException.NotFound(Resource.FACE, faceId));
            boolean retag = update.tag().filter(t -> !t.equals(before.tag())).isPresent();
            if (retag && locked.record().spec().maxFacesPerTag().isPresent()) {
                int max = locked.record().spec().maxFacesPerTag().getAsInt();
                if (store.countFacesByTag(ref, update.tag().get()) >= max) {
                    throw tooManyForTag(update.tag().get(), max);
                }
            }
            // The index keeps tags for distinct-tag searches: a new tag is a change other nodes apply.
            Intent intent = retag ? changes.announce(ref, now()) : Intent.NONE;
            Optional<StoredFace> updated = store.updateFace(ref, faceId, update);
            if (updated.isEmpty()) {
                changes.withdraw(ref, intent);
                throw new FaceException.NotFound(Resource.FACE, faceId);
            }
            StoredFace after = updated.get();
            if (!retag) {
                store.makeDurable();
                return after;
            }
            CollectionRecord changed = store.versions().recordFaceChange(ref, 0, now(), intent).orElseThrow(() -> notFound(ref));
            changes.publish(changed, Kind.FACES, List.of(faceId));
            store.makeDurable();
            String version = changed.info().featureVersion();
            Optional<float[]> vector = store.embedding(ref, faceId, version);
            locked.advance(changed, index -> {
                index.ifPresent(i -> {
                    i.remove(faceId);
                    vector.ifPresent(v -> i.add(faceId, after.tag(), v));
                });
                return index;
            });
            return after;
        });
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        requireNonNull(target, "target is null");
        requireNonNull(copies, "copies is null");
        String version = requireCollection(target).info().featureVersion();
        List<Analysis> analyses = copies.stream().map(c -> prepareCopy(target, c, version)).toList();
        return underCollectionLock(target, locked -> {
            List<Analysis> current = inVersionOf(locked, analyses);
            Admission admission = new Admission(target, locked.record(), faceCount(target, locked.record()));
            return enrol(target, locked, current.stream().map(admission::admit).toList(), List.of());
        });
    }

    /** A stored face made ready to enrol elsewhere: its image, its data and an embedding of the target's version. */
    private Analysis prepareCopy(CollectionRef target, FaceCopy copy, String version) {
        requireNonNull(copy, "copy is null");
        try {
            if (!copy.source().tenant().equals(target.tenant())) {
                throw new FaceException.InvalidArgument("source", "faces are copied within one tenant");
            }
            copy.faceId().ifPresent(LocalFaceEngine::checkFaceId);
            requireCollection(copy.source());
            StoredFace face = store.face(copy.source(), copy.sourceFaceId())
                    .orElseThrow(() -> new FaceException.NotFound(Resource.FACE, copy.sourceFaceId()));
            byte[] image = store.image(target.tenant(), face.imageId())
                    .orElseThrow(() -> new FaceException.NotFound(Resource.IMAGE, face.imageId()));
            NewFace request = new NewFace(image, copy.tag().orElse(face.tag()), face.description(), face.userData(),
                    Optional.of(copy.faceId().orElse(face.faceId())), Optional.of(face.box()), Optional.empty(), Set.of());
            Optional<float[]> vector = store.embedding(copy.source(), copy.sourceFaceId(), version);
            if (vector.isEmpty()) {
                return reembedCopy(new Analysis.Valid(request, new DetectedFace(face.box(), 1, List.of(),
                        new Embedding(new float[] {1}, "none")), true), version);
            }
            return new Analysis.Valid(request,
                    new DetectedFace(face.box(), 1, List.of(), new Embedding(vector.get(), version)), true);
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    /** A copied face's embedding extracted again from its image, for a collection of another version. */
    private Analysis reembedCopy(Analysis.Valid copy, String version) {
        try {
            DetectedFace face = pick(analyze(copy.request().image(), Set.of(), true, version), copy.request().region());
            return new Analysis.Valid(copy.request(), face, true);
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return new Analysis.Invalid(e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Embedding> embedding(CollectionRef ref, String faceId) {
        requireNonNull(ref, "ref is null");
        requireNonNull(faceId, "faceId is null");
        String version = requireCollection(ref).info().featureVersion();
        return store.embedding(ref, faceId, version).map(v -> new Embedding(v, version));
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
        requireCollection(ref);
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

    /**
     * What a feature job needs of the engine: the last step, under the collection's lock, which
     * extracts the faces enrolled while the job ran and switches the collection to the new version.
     */
    void finishFeatureJob(CollectionRef ref, String fromVersion, String toVersion, Set<String> failedFaceIds) {
        underCollectionLock(ref, locked -> {
            if (!toVersion.equals(fromVersion)) {
                // Faces enrolled while the job ran have only the old version's vector.
                for (MongoFaceStore.FaceSource source : store.faceSources(ref)) {
                    String faceId = source.face().faceId();
                    if (!failedFaceIds.contains(faceId) && store.embedding(ref, faceId, toVersion).isEmpty()) {
                        reextract(ref, source.face(), toVersion);
                    }
                }
            }
            CollectionRecord after = (toVersion.equals(fromVersion)
                    ? store.versions().recordFaceChange(ref, 0, now())
                    : store.versions().switchFeatureVersion(ref, toVersion, now())).orElseThrow(() -> notFound(ref));
            changes.publish(after, Kind.REEMBEDDED, List.of());
            store.makeDurable();
            // Every face's vector changed: the next search loads the index afresh, here and on every node.
            locked.slot().set(null);
            LOG.log(Level.INFO, "{0}: now on feature version {1} (collection version {2})", ref, toVersion, after.version());
            return null;
        });
    }

    /**
     * Extracts one stored face again from its stored image, in a version, and stores the vector.
     * False when the image is gone or no longer yields the face.
     */
    boolean reextract(CollectionRef ref, StoredFace face, String version) {
        Optional<byte[]> image = store.image(ref.tenant(), face.imageId());
        if (image.isEmpty()) {
            return false;
        }
        try {
            DetectedFace found = pick(analyze(image.get(), Set.of(), true, version), Optional.of(face.box()));
            return store.putEmbedding(ref, face.faceId(), version, found.embedding().vector());
        } catch (FaceException e) {
            if (e.category() == FaceException.Category.USER) {
                return false;
            }
            throw e;
        }
    }

    boolean supportsVersion(String version) {
        return analyzer.supports(version);
    }

    Instant clockNow() {
        return now();
    }

    /** For tests that damage the store behind the engine's back. */
    MongoFaceStore store() {
        return store;
    }

    /** For tests that count model runs. */
    FaceAnalyzer analyzerForTests() {
        return analyzer;
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

    // ---- whole tenants --------------------------------------------------------------------

    @Override
    public SortedSet<String> tenants() {
        return store.tenants().all();
    }

    @Override
    public ErasedTenant eraseTenant(String tenant) {
        return new TenantEraser(this, store).erase(tenant);
    }

    private static void checkRecordKey(String tenant, String kind, String key) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
    }

    private static void stop(ScheduledExecutorService saver) {
        // No further rounds; one writing a snapshot now finishes it (an interrupt would cut the file).
        saver.shutdown();
        try {
            saver.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            jobs.close();
            idleSaver.ifPresent(LocalFaceEngine::stop);
            snapshots.ifPresent(this::saveSnapshots);
            indexes.close();
            analyzer.close();
        } finally {
            store.close();
        }
    }

}
