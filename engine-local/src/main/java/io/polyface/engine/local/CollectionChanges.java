package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.WriteOrder.Pending;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Quota;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Collections made, changed, emptied and deleted: a tenant's collection quota checked under a
 * per-tenant lock, and clears and deletes in the {@link WriteOrder} (a deleted collection loses its
 * faces before its document, then its index, snapshot, images and change log). Thread-safe.
 */
final class CollectionChanges {

    private final MongoFaceStore store;
    private final ChangeLog changes;
    private final WriteOrder writes;
    private final Predicate<String> supportsVersion;
    private final Supplier<String> defaultVersion;
    private final Consumer<CollectionRef> onDeleted;
    private final Supplier<Instant> now;
    private final ConcurrentMap<String, ReentrantLock> tenantLocks = new ConcurrentHashMap<>();

    CollectionChanges(MongoFaceStore store, ChangeLog changes, WriteOrder writes, Predicate<String> supportsVersion,
            Supplier<String> defaultVersion, Consumer<CollectionRef> onDeleted, Supplier<Instant> now) {
        this.store = requireNonNull(store, "store is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.supportsVersion = requireNonNull(supportsVersion, "supportsVersion is null");
        this.defaultVersion = requireNonNull(defaultVersion, "defaultVersion is null");
        this.onDeleted = requireNonNull(onDeleted, "onDeleted is null");
        this.now = requireNonNull(now, "now is null");
    }

    CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        requireNonNull(ref, "ref is null");
        requireNonNull(spec, "spec is null");
        if (spec.featureVersion().filter(v -> !supportsVersion.test(v)).isPresent()) {
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
                    ref, spec.withFeatureVersion(spec.featureVersion().orElse(defaultVersion.get())), now.get());
            store.makeDurable();
            return created.info();
        } finally {
            lock.unlock();
        }
    }

    CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        requireNonNull(ref, "ref is null");
        requireNonNull(attributes, "attributes is null");
        CollectionRecord after = store.updateAttributes(ref, Map.copyOf(attributes), now.get())
                .orElseThrow(() -> MongoFaceStore.notFound(ref));
        store.makeDurable();
        return after.info();
    }

    long clearCollection(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        return writes.underLock(ref, locked -> {
            Pending pending = locked.announce(now.get());
            long removed = store.deleteAllFaces(ref);
            pending.cleared(now.get()).advance(index -> Optional.empty());
            WriteOrder.quietly("delete images of " + ref, () -> store.deleteImagesOf(ref));
            return removed;
        });
    }

    void deleteCollection(CollectionRef ref) {
        requireNonNull(ref, "ref is null");
        writes.underLock(ref, locked -> {
            // Faces first: a failure in between leaves an empty collection, never orphaned faces
            // that would reappear in a new collection of the same name; its announcement makes
            // other nodes reload it then.
            Pending pending = locked.announce(now.get());
            store.deleteAllFaces(ref);
            store.deleteCollection(ref);
            locked.deleted(pending);
            onDeleted.accept(ref);
            WriteOrder.quietly("delete images of " + ref, () -> store.deleteImagesOf(ref));
            WriteOrder.quietly("delete the change log of " + ref, () -> changes.forget(locked.record().id(), locked.record().version()));
            return null;
        });
    }
}
