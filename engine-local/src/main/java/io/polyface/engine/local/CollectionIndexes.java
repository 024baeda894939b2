package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSnapshots;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.engine.local.store.ChangeLog.Change;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.engine.local.store.MongoFaceStore.IndexedVector;
import io.polyface.spi.engine.CollectionRef;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.types.ObjectId;

/**
 * The in-memory index of each collection of one engine, and how it follows MongoDB when other
 * nodes write (see {@link ChangeLog}). An index is tagged with the collection document it was built
 * from, the version it holds every change up to, and the versions below that whose log entry had
 * not come yet (writes of other nodes still in flight, "holes"). A search brings it up to date
 * first: from the change log while the versions it lacks are still kept there, else by a reload,
 * from its snapshot (then caught up from the log) or from every stored face.
 *
 * <p>Thread-safe: each collection's {@link Slot} has the lock its writes and catch-ups take;
 * searches read a loaded index without it.
 */
final class CollectionIndexes {

    private static final System.Logger LOG = System.getLogger(CollectionIndexes.class.getName());

    /** How often indexes were brought up to date, and how: for tests, benchmarks and logs. */
    record Counters(long reloads, long snapshotLoads, long catchUps, long facesApplied) {}

    /**
     * A collection's index as of a version of its document. Immutable; the index inside changes
     * only under the slot's lock. Empty until the collection has a face of this feature version.
     *
     * @param version every change up to this version is in the index, but for {@code holes}
     * @param holes versions up to {@code version} whose log entry had not come when last looked
     *     for, with the {@link System#nanoTime} they were first missed at
     */
    record Loaded(ObjectId collectionId, long version, String featureVersion, Optional<VectorIndex> index,
            SortedMap<Long, Long> holes) {
        Loaded {
            requireNonNull(collectionId, "collectionId is null");
            requireNonNull(featureVersion, "featureVersion is null");
            requireNonNull(index, "index is null");
            holes = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(holes, "holes is null")));
        }

        Loaded(ObjectId collectionId, long version, String featureVersion, Optional<VectorIndex> index) {
            this(collectionId, version, featureVersion, index, new TreeMap<>());
        }

        /** Whether it holds every change the collection document counts. */
        boolean isCurrentFor(CollectionRecord record) {
            return collectionId.equals(record.id()) && version >= record.version() && holes.isEmpty();
        }

        /** Whether it is an index of this document in its feature version, current or not. */
        boolean isOf(CollectionRecord record) {
            return collectionId.equals(record.id()) && featureVersion.equals(record.info().featureVersion());
        }

        /** The version up to which it holds every change, holes included: what a snapshot of it is worth. */
        long completeVersion() {
            return holes.isEmpty() ? version : holes.firstKey() - 1;
        }
    }

    /** Per collection: the lock for its writes and catch-ups, and its loaded index, null when none is. */
    static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Loaded loaded;
        /** What the last round of idle snapshots saw loaded, and what is in the snapshot file. */
        volatile Loaded seen;
        volatile Loaded saved;
        /** Writes announced on the collection (see {@link ChangeLog}), with the nanoTime this node first saw each. */
        final ConcurrentMap<String, Long> announced = new ConcurrentHashMap<>();

        /** Swaps in what is loaded now and stops the graph build of an index no longer used. */
        void set(Loaded next) {
            Loaded old = loaded;
            loaded = next;
            if (old != null && old.index().isPresent()
                    && (next == null || next.index().filter(i -> i == old.index().get()).isEmpty())) {
                old.index().get().close();
            }
        }
    }

    private final ConcurrentMap<CollectionRef, Slot> slots = new ConcurrentHashMap<>();
    private final MongoFaceStore store;
    private final ChangeLog log;
    private final IndexRuntime runtime;
    private final Clock clock;
    private final long graceNanos;
    private final LongAdder reloads = new LongAdder();
    private final LongAdder snapshotLoads = new LongAdder();
    private final LongAdder catchUps = new LongAdder();
    private final LongAdder facesApplied = new LongAdder();
    private volatile Optional<IndexSnapshots> snapshots = Optional.empty();

    CollectionIndexes(MongoFaceStore store, ChangeLog log, IndexRuntime runtime, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.log = requireNonNull(log, "log is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.graceNanos = log.settings().grace().toNanos();
    }

    /** Every slot, by collection; the map is live. */
    ConcurrentMap<CollectionRef, Slot> slots() {
        return slots;
    }

    Slot slot(CollectionRef ref) {
        return slots.computeIfAbsent(ref, r -> new Slot());
    }

    void useSnapshots(IndexSnapshots target) {
        snapshots = Optional.of(target);
    }

    Counters counters() {
        return new Counters(reloads.sum(), snapshotLoads.sum(), catchUps.sum(), facesApplied.sum());
    }

    /**
     * The collection's index, brought up to date with the given document first when it is missing
     * or behind, and with writes announced too long ago given up (see {@link ChangeLog}).
     */
    Loaded current(CollectionRef ref, CollectionRecord record) {
        Slot slot = slot(ref);
        Loaded loaded = slot.loaded;
        boolean overdue = hasOverdueWrites(slot, record);
        if (!overdue && loaded != null && loaded.isCurrentFor(record)) {
            return loaded;
        }
        slot.lock.lock();
        try {
            CollectionRecord latest = record;
            if (overdue && settleOverdueWrites(ref, slot, record)) {
                latest = store.requireCollection(ref);
            }
            // A write of this node may have caught up while we waited for the lock.
            loaded = slot.loaded;
            if (loaded != null && loaded.isCurrentFor(latest)) {
                return loaded;
            }
            if (!(log.enabled() && loaded != null && loaded.isOf(latest) && catchUp(ref, slot, loaded, latest))) {
                reload(ref, slot);
            }
            return slot.loaded;
        } finally {
            slot.lock.unlock();
        }
    }

    /** Notes the announced writes first seen now; true when one has been announced for longer than the grace. */
    private boolean hasOverdueWrites(Slot slot, CollectionRecord record) {
        if (record.pendingWrites().isEmpty()) {
            if (!slot.announced.isEmpty()) {
                slot.announced.clear();
            }
            return false;
        }
        if (!log.enabled()) {
            return false;
        }
        long now = System.nanoTime();
        slot.announced.keySet().retainAll(record.pendingWrites());
        boolean overdue = false;
        for (String token : record.pendingWrites()) {
            overdue |= now - slot.announced.computeIfAbsent(token, t -> now) >= graceNanos;
        }
        return overdue;
    }

    /** Gives up the writes announced for longer than the grace; true when one was given up here. */
    private boolean settleOverdueWrites(CollectionRef ref, Slot slot, CollectionRecord record) {
        long now = System.nanoTime();
        boolean settled = false;
        for (String token : record.pendingWrites()) {
            Long seen = slot.announced.get(token);
            if (seen != null && now - seen >= graceNanos) {
                settled |= log.abandon(ref, token, clock.instant());
                slot.announced.remove(token);
            }
        }
        if (settled) {
            store.makeDurable();
        }
        return settled;
    }

    /**
     * Brings the index up to the document's version from the change log; false when the log cannot
     * (an entry out of its window, or one that asks for a reload). The caller holds the slot's lock.
     */
    private boolean catchUp(CollectionRef ref, Slot slot, Loaded from, CollectionRecord record) {
        long to = Math.max(record.version(), from.version());
        SortedSet<Long> wanted = new TreeSet<>(from.holes().keySet());
        for (long v = from.version() + 1; v <= to; v++) {
            wanted.add(v);
        }
        if (wanted.isEmpty()) {
            return true;
        }
        if (wanted.first() <= record.version() - log.settings().retain()) {
            LOG.log(Level.INFO, "{0}: index at version {1}, the change log keeps only the last {2} of {3}; reloading",
                    ref, wanted.first() - 1, log.settings().retain(), record.version());
            return false;
        }
        SortedMap<Long, Change> found = new TreeMap<>(log.read(record.id(), wanted));
        long now = System.nanoTime();
        SortedMap<Long, Long> holes = new TreeMap<>();
        for (long v : wanted) {
            if (found.containsKey(v)) {
                continue;
            }
            long seen = from.holes().getOrDefault(v, now);
            if (now - seen >= graceNanos) {
                if (log.markLost(record.id(), v)) {
                    store.makeDurable();
                    return false;
                }
                // Its writer's entry came after all.
                found.putAll(log.read(record.id(), List.of(v)));
            }
            if (!found.containsKey(v)) {
                holes.put(v, seen);
            }
        }
        Set<String> faceIds = new LinkedHashSet<>();
        for (Change change : found.values()) {
            if (change.kind().reloads()) {
                LOG.log(Level.DEBUG, "{0}: version {1} is {2}; reloading", ref, change.version(), change.kind());
                return false;
            }
            faceIds.addAll(change.faceIds());
        }
        Optional<VectorIndex> index = apply(ref, from, faceIds);
        slot.set(new Loaded(from.collectionId(), to, from.featureVersion(), index, holes));
        catchUps.increment();
        facesApplied.add(faceIds.size());
        return true;
    }

    /** Makes the index hold these faces as they are stored now: present ones put, gone ones removed. */
    private Optional<VectorIndex> apply(CollectionRef ref, Loaded from, Set<String> faceIds) {
        if (faceIds.isEmpty()) {
            return from.index();
        }
        Map<String, IndexedVector> stored = store.vectorsById(ref, faceIds, from.featureVersion());
        VectorIndex index = from.index().orElse(null);
        List<String> gone = new ArrayList<>();
        for (String faceId : faceIds) {
            IndexedVector vector = stored.get(faceId);
            if (vector == null) {
                gone.add(faceId);
                continue;
            }
            if (index == null) {
                index = new VectorIndex(vector.vector().length, runtime);
            }
            if (vector.vector().length != index.dimension()) {
                LOG.log(Level.WARNING, "{0}: skipped stored embedding of face {1}: {2} dimensions, the index has {3}",
                        ref, faceId, vector.vector().length, index.dimension());
                gone.add(faceId);
            } else if (!index.holds(faceId, vector.tag(), vector.vector())) {
                index.add(faceId, vector.tag(), vector.vector());
            }
        }
        if (index != null && !gone.isEmpty()) {
            index.removeAll(gone);
        }
        return Optional.ofNullable(index);
    }

    /** Rebuilds the index, from its snapshot and the log when they reach, else from MongoDB; the caller holds the slot's lock. */
    void reload(CollectionRef ref, Slot slot) {
        slot.set(null);
        // Read the version before the faces: every write up to it stored its faces before its bump,
        // so the faces read hold them all; a write racing in is applied again from the log, harmlessly.
        CollectionRecord record = store.requireCollection(ref);
        String featureVersion = record.info().featureVersion();
        Optional<IndexSnapshots.Snapshot> saved = snapshots.flatMap(s -> s.load(ref, key -> usable(key, record), runtime));
        if (saved.isPresent()) {
            snapshotLoads.increment();
            Loaded loaded = new Loaded(record.id(), saved.get().key().version(), featureVersion,
                    Optional.of(saved.get().index()));
            slot.set(loaded);
            slot.saved = loaded;
            if (loaded.version() == record.version() || catchUp(ref, slot, loaded, record)) {
                return;
            }
            slot.set(null);
        }
        reloads.increment();
        VectorIndex[] index = new VectorIndex[1];
        long[] skipped = new long[1];
        long stored = store.forEachVector(ref, featureVersion, vector -> {
            if (index[0] == null) {
                index[0] = new VectorIndex(vector.vector().length, runtime);
                index[0].holdGraph(true);
                index[0].reserve((int) Math.min(record.info().faceCount(), Integer.MAX_VALUE));
            }
            if (vector.vector().length != index[0].dimension()) {
                skipped[0]++;
                return;
            }
            index[0].add(vector.faceId(), vector.tag(), vector.vector());
        });
        if (index[0] != null) {
            // Exact search serves from here on; a large collection's graph is built in the background.
            index[0].holdGraph(false);
        }
        if (skipped[0] > 0) {
            LOG.log(Level.WARNING, "{0}: skipped {1} stored embeddings of the wrong dimension", ref, skipped[0]);
        }
        if (stored != record.info().faceCount() && record.pendingWrites().isEmpty()
                && store.versions().repairFaceCount(record.id(), record.version(), record.info().faceCount(), stored)) {
            LOG.log(Level.INFO, "{0}: repaired face count {1} -> {2}", ref, record.info().faceCount(), stored);
            store.makeDurable();
        }
        slot.set(new Loaded(record.id(), record.version(), featureVersion, Optional.ofNullable(index[0])));
        LOG.log(Level.DEBUG, "{0}: index loaded with {1} faces at version {2}",
                ref, index[0] == null ? 0 : index[0].size(), record.version());
    }

    /** A snapshot of this document and feature version, at its version or at one the log still reaches back to. */
    private boolean usable(IndexSnapshots.Key key, CollectionRecord record) {
        return key.collectionId().equals(record.id())
                && key.featureVersion().equals(record.info().featureVersion())
                && key.version() <= record.version()
                && (key.version() == record.version()
                        || (log.enabled() && key.version() > record.version() - log.settings().retain()));
    }
}
