package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.CollectionIndexes.Loaded;
import io.polyface.engine.local.CollectionIndexes.Slot;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.engine.local.store.ChangeLog.Intent;
import io.polyface.engine.local.store.ChangeLog.Kind;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The order every write of faces follows, so that MongoDB stays the truth and an index never holds
 * a face that was not stored: under the collection's lock ({@link #underLock}), announce the change
 * ({@link Locked#announce}, see {@link ChangeLog}), change the faces, bump the version and publish
 * the change ({@link Pending}), make it durable, and only then change the loaded index ({@link
 * Committed#advance}). Each step's type is what the next one takes, so the order cannot be skipped.
 * A write that fails part-way drops the index, which is rebuilt from MongoDB on next use.
 */
final class WriteOrder {

    private static final System.Logger LOG = System.getLogger(WriteOrder.class.getName());

    /** Where a face write stands, for tests that stop a writer there as a crash would. */
    enum WriteStep {
        /** The faces are stored; the version is not bumped yet. */
        FACES_WRITTEN,
        /** The version is bumped; the change log has no entry for it yet. */
        VERSION_BUMPED
    }

    private final MongoFaceStore store;
    private final ChangeLog changes;
    private final CollectionIndexes indexes;
    private volatile Consumer<WriteStep> writeSteps = step -> { };

    WriteOrder(MongoFaceStore store, ChangeLog changes, CollectionIndexes indexes) {
        this.store = requireNonNull(store, "store is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
    }

    /** For tests: called at each {@link WriteStep} of every face write; what it throws fails the write there. */
    void onWriteStep(Consumer<WriteStep> hook) {
        writeSteps = requireNonNull(hook, "hook is null");
    }

    /**
     * Runs a write under the collection's lock, with the collection's document read under it. A
     * failure other than the caller's (an outage, a defect) drops the loaded index.
     */
    <T> T underLock(CollectionRef ref, Function<Locked, T> work) {
        Slot slot = indexes.slot(ref);
        slot.lock.lock();
        try {
            CollectionRecord record = store.requireCollection(ref);
            Optional<Loaded> loaded = Optional.ofNullable(slot.loaded).filter(l -> l.isOf(record));
            return work.apply(new Locked(ref, slot, record, loaded, changes.enabled()));
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

    /** Clean-up after a write is durable: failing it leaves garbage, not an error for the caller. */
    static void quietly(String what, Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not " + what + ", left behind: " + e.getMessage());
        }
    }

    private static void invalidate(Slot slot, RuntimeException cause) {
        // The write may have gone in part; only MongoDB knows, so the index is rebuilt from it.
        LOG.log(Level.DEBUG, "dropping index after a failed write: {0}", cause.getMessage());
        slot.set(null);
    }

    /**
     * What a write sees under its collection's lock: the collection's document, read under the
     * lock, and the index loaded for that document, current or behind. A write never loads an
     * index: one that is missing stays so, and the next search loads it with the write included.
     */
    final class Locked {
        private final CollectionRef ref;
        private final Slot slot;
        private final CollectionRecord record;
        private final Optional<Loaded> loaded;
        private final boolean logged;

        private Locked(CollectionRef ref, Slot slot, CollectionRecord record, Optional<Loaded> loaded, boolean logged) {
            this.ref = ref;
            this.slot = slot;
            this.record = record;
            this.loaded = loaded;
            this.logged = logged;
        }

        CollectionRecord record() {
            return record;
        }

        Optional<Loaded> loaded() {
            return loaded;
        }

        /** Step one: the write announces itself before it touches a face. */
        Pending announce(Instant now) {
            return new Pending(this, changes.announce(ref, now));
        }

        /** A write that changes no face other nodes index (its index change is made here only). */
        Pending unannounced() {
            return new Pending(this, Intent.NONE);
        }

        /**
         * Every face's vector changed (a feature version job ended): the version moves, the change
         * is published and durable, and the index is dropped, here and on every node.
         */
        CollectionRecord reembedded(Optional<String> toVersion, Instant now) {
            CollectionRecord after = toVersion
                    .map(version -> store.versions().switchFeatureVersion(ref, version, now))
                    .orElseGet(() -> store.versions().recordFaceChange(ref, 0, now))
                    .orElseThrow(() -> MongoFaceStore.notFound(ref));
            published(this, after, Kind.REEMBEDDED, List.of());
            slot.set(null);
            return after;
        }

        /** The collection is gone from the store after {@code announced}: durable, then its index forgotten. */
        void deleted(Pending announced) {
            store.makeDurable();
            slot.set(null);
            indexes.slots().remove(ref, slot);
        }
    }

    /** A write announced (or needing no announcement) whose faces are being changed in the store. */
    final class Pending {
        private final Locked locked;
        private final Intent intent;

        private Pending(Locked locked, Intent intent) {
            this.locked = locked;
            this.intent = intent;
        }

        /** The write changed nothing after all: its announcement goes. */
        void withdraw() {
            changes.withdraw(locked.ref, intent);
        }

        /** The faces are in the store: the version moves by {@code delta} faces, the change is published and durable. */
        Committed facesChanged(long delta, Collection<String> faceIds, Instant now) {
            writeSteps.accept(WriteStep.FACES_WRITTEN);
            CollectionRecord after = store.versions().recordFaceChange(locked.ref, delta, now, intent)
                    .orElseThrow(() -> MongoFaceStore.notFound(locked.ref));
            writeSteps.accept(WriteStep.VERSION_BUMPED);
            return published(locked, after, Kind.FACES, faceIds);
        }

        /** Every face is deleted: the version moves, the clear is published and durable. */
        Committed cleared(Instant now) {
            CollectionRecord after = store.versions().recordCleared(locked.ref, now, intent)
                    .orElseThrow(() -> MongoFaceStore.notFound(locked.ref));
            return published(locked, after, Kind.CLEARED, List.of());
        }
    }

    /** The change log's entry for a write whose version is bumped, then the write made durable. */
    private Committed published(Locked locked, CollectionRecord after, Kind kind, Collection<String> faceIds) {
        changes.publish(after, kind, faceIds);
        store.makeDurable();
        return new Committed(locked, after);
    }

    /** A write stored, published and durable, whose index change is still to make. */
    static final class Committed {
        private final Locked locked;
        private final CollectionRecord after;

        private Committed(Locked locked, CollectionRecord after) {
            this.locked = locked;
            this.after = after;
        }

        CollectionRecord after() {
            return after;
        }

        /**
         * Applies this node's write, which moved the collection to {@link #after()}, to the loaded
         * index. The index is then at that version when it was at the one before; when another
         * node wrote in between, it stays at its own version and the next search catches up from
         * the change log, reading this write's faces again (which changes nothing). Without a
         * change log such an index is dropped instead, and reloaded.
         */
        void advance(UnaryOperator<Optional<VectorIndex>> change) {
            Slot slot = locked.slot;
            Loaded now = slot.loaded;
            if (now == null || !now.isOf(after)) {
                slot.set(null);
                return;
            }
            boolean next = after.version() == now.version() + 1;
            if (!next && !locked.logged) {
                slot.set(null);
                return;
            }
            slot.set(new Loaded(after.id(), next ? after.version() : now.version(), now.featureVersion(),
                    change.apply(now.index()), now.holes()));
        }
    }
}
