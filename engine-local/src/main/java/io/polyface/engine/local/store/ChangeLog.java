package io.polyface.engine.local.store;

import static com.mongodb.client.model.Filters.in;
import static java.util.Objects.requireNonNull;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import io.polyface.engine.local.store.MongoFaceStore.CollectionRecord;
import io.polyface.spi.engine.CollectionRef;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The ordered log of each collection's face changes in MongoDB (collection {@code faceChanges}),
 * from which a node brings its in-memory index up to date without reading the whole collection.
 * An entry is keyed {@code <collection document id>:<version>}, the version the write's own bump
 * returned, and names the faces the write touched, not their vectors: a node applies it by reading
 * those faces as they are now, so applying an entry twice, late or out of order leaves the index
 * as the store is. Clears, feature version switches, large batches and lost writes make readers
 * reload instead.
 *
 * <p>A write (1) announces itself, (2) changes the faces, (3) bumps the version, (4) appends its
 * entry, (5) is acknowledged; a writer that dies on the way is settled by a reader after {@code
 * change-log.grace-seconds} with a {@link Kind#LOST} entry (docs/nodes.md tells the cases). The log
 * keeps the last {@code change-log.retain} versions of a collection, trimmed every {@value
 * #TRIM_EVERY}th write. Thread-safe: it holds no mutable state.
 */
public final class ChangeLog {

    private static final System.Logger LOG = System.getLogger(ChangeLog.class.getName());

    /** Faces an entry lists at most; a larger batch is logged as {@link Kind#LARGE}. */
    static final int MAX_LISTED = 50_000;

    /** Writes between two trims of a collection's log. */
    public static final int TRIM_EVERY = 64;

    /** What a write did, as far as an index cares. */
    public enum Kind {
        /** Faces added, removed or changed: the entry lists them. */
        FACES,
        /** Every face removed. */
        CLEARED,
        /** Every face has a new vector (a feature job finished). */
        REEMBEDDED,
        /** More faces changed than an entry lists. */
        LARGE,
        /** A write whose writer died half-way: what it changed is unknown. */
        LOST;

        /** Whether a reader reloads the collection rather than reading the listed faces. */
        public boolean reloads() {
            return switch (this) {
                case FACES -> false;
                case CLEARED, REEMBEDDED, LARGE, LOST -> true;
            };
        }

        String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind ofStored(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** One entry of a collection's log. */
    public record Change(long version, Kind kind, List<String> faceIds) {
        public Change {
            requireNonNull(kind, "kind is null");
            faceIds = List.copyOf(requireNonNull(faceIds, "faceIds is null"));
        }
    }

    /** A write announced on its collection's document, settled by its version bump; none when the log is off. */
    public record Intent(Optional<String> token) {
        public static final Intent NONE = new Intent(Optional.empty());

        public Intent {
            requireNonNull(token, "token is null");
        }
    }

    private final MongoFaceStore store;
    private final ChangeLogSettings settings;
    private final MongoCollection<Document> entries;

    public ChangeLog(MongoFaceStore store, ChangeLogSettings settings) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.entries = store.database().getCollection("faceChanges");
    }

    public ChangeLogSettings settings() {
        return settings;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Step (1) of a write: its announcement, before it touches a face. */
    public Intent announce(CollectionRef ref, Instant now) {
        if (!enabled()) {
            return Intent.NONE;
        }
        String token = Ids.newId();
        store.versions().announceWrite(ref, token, now);
        return new Intent(Optional.of(token));
    }

    /** Takes back the announcement of a write that found nothing to change. */
    public void withdraw(CollectionRef ref, Intent intent) {
        intent.token().ifPresent(token -> store.versions().withdrawWrite(ref, token));
    }

    /**
     * Step (4) of a write: its entry at the version its bump returned. A {@link Kind#LOST} marker
     * already there means a reader gave the write up for dead meanwhile; the reload it causes
     * covers the write, so that is not an error.
     */
    public void publish(CollectionRecord after, Kind kind, Collection<String> faceIds) {
        if (!enabled()) {
            return;
        }
        boolean listed = kind != Kind.FACES || faceIds.size() <= MAX_LISTED;
        if (!append(after.id(), after.version(), listed ? kind : Kind.LARGE, listed ? faceIds : List.of())) {
            LOG.log(Level.INFO, "{0}: version {1} was given up as lost before its entry came; readers reload it",
                    after.info().ref(), after.version());
        }
        trim(after.id(), after.version());
    }

    /**
     * Settles the write announced as {@code token}, whose writer is taken for dead: a version bump
     * and a {@link Kind#LOST} entry. False when it was settled already.
     */
    public boolean abandon(CollectionRef ref, String token, Instant now) {
        Optional<CollectionRecord> after = store.versions().abandonWrite(ref, token, now);
        after.ifPresent(record -> {
            LOG.log(Level.WARNING, "{0}: a write announced {1} s ago or more never finished; every node reloads the collection",
                    ref, settings.grace().toMillis() / 1000.0);
            append(record.id(), record.version(), Kind.LOST, List.of());
        });
        return after.isPresent();
    }

    /** Fills a version that has had no entry for the grace period; false when an entry came first. */
    public boolean markLost(ObjectId collection, long version) {
        boolean marked = append(collection, version, Kind.LOST, List.of());
        if (marked) {
            LOG.log(Level.WARNING, "collection {0}: version {1} had no change entry for {2} s; marked lost, every node reloads",
                    collection.toHexString(), version, settings.grace().toMillis() / 1000.0);
        }
        return marked;
    }

    /** The entries of these versions that exist, by version. */
    public SortedMap<Long, Change> read(ObjectId collection, Collection<Long> versions) {
        SortedMap<Long, Change> found = new TreeMap<>();
        List<Long> all = List.copyOf(versions);
        for (int from = 0; from < all.size(); from += MongoFaceStore.ID_BATCH) {
            List<String> keys = all.subList(from, Math.min(all.size(), from + MongoFaceStore.ID_BATCH)).stream()
                    .map(v -> key(collection, v))
                    .toList();
            store.call("read change log", () -> entries.find(in("_id", keys)).into(new ArrayList<>())).forEach(d -> {
                Change change = new Change(((Number) d.get("version")).longValue(), Kind.ofStored(d.getString("kind")),
                        d.getList("faceIds", String.class, List.of()));
                found.put(change.version(), change);
            });
        }
        return found;
    }

    /** Deletes a collection's entries up to its last version (the collection is gone). */
    public void forget(ObjectId collection, long lastVersion) {
        long from = Math.max(1, lastVersion - settings.retain() - TRIM_EVERY);
        deleteRange(collection, from, lastVersion);
    }

    private boolean append(ObjectId collection, long version, Kind kind, Collection<String> faceIds) {
        Document entry = new Document("_id", key(collection, version))
                .append("collection", collection)
                .append("version", version)
                .append("kind", kind.stored())
                .append("faceIds", List.copyOf(faceIds))
                .append("at", Date.from(Instant.now()));
        return store.call("append to change log", () -> {
            try {
                entries.insertOne(entry);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Every {@value #TRIM_EVERY}th version, the entries that just left the window. */
    private void trim(ObjectId collection, long version) {
        long last = version - settings.retain();
        if (version % TRIM_EVERY != 0 || last < 1) {
            return;
        }
        try {
            deleteRange(collection, Math.max(1, last - TRIM_EVERY + 1), last);
        } catch (RuntimeException e) {
            // Left for good: an entry outside the window is never read, only stored.
            LOG.log(Level.DEBUG, "change log of {0} not trimmed: {1}", collection.toHexString(), e.getMessage());
        }
    }

    private void deleteRange(ObjectId collection, long from, long to) {
        for (long start = from; start <= to; start += MongoFaceStore.ID_BATCH) {
            List<String> keys = new ArrayList<>();
            for (long v = start; v <= Math.min(to, start + MongoFaceStore.ID_BATCH - 1); v++) {
                keys.add(key(collection, v));
            }
            store.call("trim change log", () -> entries.deleteMany(in("_id", keys)));
        }
    }

    private static String key(ObjectId collection, long version) {
        return collection.toHexString() + ":" + version;
    }
}
