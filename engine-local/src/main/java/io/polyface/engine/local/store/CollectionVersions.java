package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.or;
import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * A collection document's version counter, which orders the collection's changes for every node,
 * and the writes announced on it and not yet published (see {@link ChangeLog}): every change that
 * moves the version, and the face count that moves with it, goes through here.
 *
 * <p>Thread-safe: it holds no mutable state.
 */
public final class CollectionVersions {

    /** The collection document's field of announced writes: token to the time it was announced. */
    static final String PENDING_WRITES = "pendingWrites";

    private final MongoFaceStore store;
    private final MongoCollection<Document> collections;

    CollectionVersions(MongoFaceStore store, MongoCollection<Document> collections) {
        this.store = requireNonNull(store, "store is null");
        this.collections = requireNonNull(collections, "collections is null");
    }

    /**
     * Records a change of {@code faceDelta} faces: bumps the version, moves updatedAt. Empty when
     * the collection is gone.
     */
    public Optional<CollectionRecord> recordFaceChange(CollectionRef ref, long faceDelta, Instant now) {
        return recordFaceChange(ref, faceDelta, now, ChangeLog.Intent.NONE);
    }

    /** As {@link #recordFaceChange(CollectionRef, long, Instant)}, settling the write announced as {@code intent}. */
    public Optional<CollectionRecord> recordFaceChange(CollectionRef ref, long faceDelta, Instant now, ChangeLog.Intent intent) {
        return bumpVersion(ref, List.of(), now, intent, List.of(Updates.inc("faceCount", faceDelta)),
                info -> info.faceCount() + faceDelta, UnaryOperator.identity());
    }

    /**
     * Announces a write about to change the collection's faces (see {@link ChangeLog}): {@code
     * pendingWrites.<token>} holds the time until the write's version bump settles it.
     */
    void announceWrite(CollectionRef ref, String token, Instant now) {
        store.call("update collection", () -> collections.updateOne(StoredCollections.collectionFilter(ref),
                Updates.set(PENDING_WRITES + "." + token, Date.from(now))));
    }

    /** Takes back an announced write that changed nothing, without a version bump. */
    void withdrawWrite(CollectionRef ref, String token) {
        store.call("update collection", () -> collections.updateOne(StoredCollections.collectionFilter(ref),
                Updates.unset(PENDING_WRITES + "." + token)));
    }

    /**
     * Settles a write whose writer is taken for dead, with a version bump of its own. Empty when the
     * write is settled already (published by its writer, or given up by another node) or the
     * collection is gone: exactly one caller gets the new version.
     */
    Optional<CollectionRecord> abandonWrite(CollectionRef ref, String token, Instant now) {
        return bumpVersion(ref, List.of(exists(PENDING_WRITES + "." + token)), now, new ChangeLog.Intent(Optional.of(token)),
                List.of(), CollectionInfo::faceCount, UnaryOperator.identity());
    }

    /**
     * Moves the collection's version on by one, with other changes, as a compare-and-set on the
     * version read just before. The embedded server applies each update atomically but may answer
     * a findAndModify with the document as a concurrent update left it (1,200 concurrent {@code
     * $inc}s from four threads got 30 to 600 duplicate answers), so the new version is known only
     * from a conditional update that matched. Empty when the collection is gone, or no longer
     * matches {@code conditions}.
     */
    private Optional<CollectionRecord> bumpVersion(CollectionRef ref, List<Bson> conditions, Instant now, ChangeLog.Intent settles,
            List<Bson> changes, ToLongFunction<CollectionInfo> faceCountAfter, UnaryOperator<CollectionSpec> specAfter) {
        List<Bson> filter = new ArrayList<>(List.of(StoredCollections.collectionFilter(ref)));
        filter.addAll(conditions);
        while (true) {
            Optional<CollectionRecord> read = store.call("read collection",
                    () -> Optional.ofNullable(collections.find(and(filter)).first()).map(StoredCollections::toCollection));
            if (read.isEmpty()) {
                return Optional.empty();
            }
            CollectionRecord current = read.get();
            long next = current.version() + 1;
            List<Bson> update = new ArrayList<>(changes);
            update.add(Updates.set("version", next));
            update.add(Updates.set("updatedAt", Date.from(now)));
            settles.token().ifPresent(token -> update.add(Updates.unset(PENDING_WRITES + "." + token)));
            long matched = store.call("update collection", () -> collections.updateOne(
                    and(eq("_id", current.id()), eq("version", current.version())), Updates.combine(update)).getMatchedCount());
            if (matched == 1) {
                CollectionInfo before = current.info();
                CollectionInfo after = new CollectionInfo(before.ref(), specAfter.apply(before.spec()), before.createdAt(), now,
                        faceCountAfter.applyAsLong(before), next);
                Set<String> pending = new HashSet<>(current.pendingWrites());
                settles.token().ifPresent(pending::remove);
                return Optional.of(new CollectionRecord(current.id(), after, pending));
            }
            // Another node moved the version meanwhile: read it again.
        }
    }

    /**
     * Switches the collection to another feature version and bumps its version, so that every
     * node reloads its index. Empty when the collection is gone.
     */
    public Optional<CollectionRecord> switchFeatureVersion(CollectionRef ref, String featureVersion, Instant now) {
        return bumpVersion(ref, List.of(), now, ChangeLog.Intent.NONE, List.of(Updates.set("featureVersion", featureVersion)),
                CollectionInfo::faceCount, spec -> spec.withFeatureVersion(featureVersion));
    }

    /** Records that the collection was emptied, settling the write announced as {@code intent}. */
    public Optional<CollectionRecord> recordCleared(CollectionRef ref, Instant now, ChangeLog.Intent intent) {
        return bumpVersion(ref, List.of(), now, intent, List.of(Updates.set("faceCount", 0L)), info -> 0, UnaryOperator.identity());
    }

    /**
     * Repairs a face count that drifted (a write interrupted between faces and collection), counted
     * with the collection at {@code version}: only while it still is, with no write announced,
     * since a write between its faces and its bump would otherwise be counted twice.
     */
    public boolean repairFaceCount(ObjectId collectionId, long version, long expected, long actual) {
        return store.call("repair face count", () -> collections.updateOne(and(eq("_id", collectionId), eq("version", version),
                eq("faceCount", expected), or(exists(PENDING_WRITES, false), eq(PENDING_WRITES, new Document()))),
                Updates.set("faceCount", actual)).getModifiedCount() > 0);
    }
}
