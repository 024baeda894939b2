package io.polyface.engine.local.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded server's backend on one open H2 MVStore file. It commits the store after each
 * command that can change data, before the reply goes out, so a write acknowledged to any client
 * (another node included) is in the file. A write whose commit fails is answered with an error: H2
 * then closes the store for good, dropping every change not yet in the file, and a write that finds
 * the store closed that way by another command's failure is answered with an error too, since its
 * change went with it. {@link ReopeningBackend} opens the file again.
 */
final class CommittingBackend extends H2Backend {

    /**
     * How long the store keeps a chunk whose pages were rewritten before it may reuse the space. A
     * query cursor reads the version of the data it started on, from those old chunks; the server
     * answers a large query in batches over a long time (a million faces, a loaded machine), and
     * with H2's default of 45 s a cursor outlived its chunks ("Chunk 198 not found", seen loading
     * 100,000 faces under a load of 11 on 2 cores). The price is a file that shrinks later.
     */
    static final int RETENTION_MILLIS = 30 * 60 * 1000;

    /** Lower case, since command names arrive in either case ({@code findAndModify}, {@code findandmodify}). */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "create", "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

    /** The name H2Database gives the map of a collection's documents, before its full name. */
    private static final String DATA_MAP_PREFIX = "databases.";

    /** A map of its own for the write probe, outside the server's {@code databases.} maps. */
    private static final String PROBE_MAP = "polyface.write-probe";

    private final MVStore store;
    private final boolean fsync;
    /** Why a commit failed, once one has: the store is closed then. */
    private volatile Optional<String> commitFailure = Optional.empty();

    private CommittingBackend(MVStore store, boolean fsync) {
        super(store);
        this.store = store;
        this.fsync = fsync;
    }

    /**
     * Opens (or creates) the store file, which H2 locks while it is open, and the databases in it.
     *
     * @throws org.h2.mvstore.MVStoreException when the file cannot be opened or is locked
     */
    static CommittingBackend open(Path file, boolean fsync) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            store.setRetentionTime(RETENTION_MILLIS);
            return new CommittingBackend(store, fsync);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new BsonDatabase(databaseName);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        if (!isWrite(message)) {
            return super.handleMessage(message);
        }
        try {
            return super.handleMessage(message);
        } finally {
            // Also after a failed command: a batch may have written part of itself.
            commit();
        }
    }

    /**
     * Writes everything done so far to the file.
     *
     * @throws StoreWriteFailed when it could not: the store is closed then
     */
    @Override
    public void commit() {
        try {
            store.commit();
            if (fsync) {
                store.sync();
            }
        } catch (RuntimeException e) {
            // H2 closes the store itself when a write to the file fails, but not when it refuses to
            // write (a file made read-only): closed here too, so that no reader sees what the file
            // does not hold.
            commitFailure = Optional.of(reason(e));
            store.closeImmediately();
            throw new StoreWriteFailed(reason(e), e);
        }
        // A commit on a store closed meanwhile does nothing and says nothing.
        if (store.isClosed()) {
            throw new StoreWriteFailed(failure(), store.getPanicException());
        }
    }

    /**
     * Writes a small record and commits it: the cheapest proof that the store can write again.
     * Empty when it worked; otherwise why not, and the store is closed, as after any failed write.
     */
    Optional<String> probeWrite() {
        try {
            store.<String, Long>openMap(PROBE_MAP).put("written-at", System.currentTimeMillis());
            commit();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(reason(e));
        }
    }

    /** True when some change is not yet in the file; for tests of durability. */
    boolean hasUnsavedChanges() {
        return !store.isClosed() && store.hasUnsavedChanges();
    }

    boolean isClosed() {
        return store.isClosed();
    }

    /** Why the store closed: the failure that closed it, or a plain close. */
    String failure() {
        return Optional.ofNullable(store.getPanicException()).map(CommittingBackend::reason)
                .or(() -> commitFailure)
                .orElse("the store is closed");
    }

    /** The innermost message of a failure, e.g. "No space left on device" under H2's wrappers. */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return Optional.ofNullable(innermost.getMessage()).orElse(innermost.getClass().getSimpleName());
    }

    /**
     * A database whose collections keep their documents as BSON ({@link BsonValueType}): each
     * collection's map is opened here with that type before the server opens it by name, which
     * then finds it open. An inner class, reaching the store through the enclosing backend's
     * {@code getMvStore()}: the backend's constructor opens the existing databases before its
     * own fields are set, and a database's constructor opens its collections.
     */
    private final class BsonDatabase extends H2Database {

        BsonDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            getMvStore().openMap(DATA_MAP_PREFIX + getFullCollectionNamespace(collectionName),
                    new MVMap.Builder<Object, Object>().valueType(new BsonValueType()));
            return super.openOrCreateCollection(collectionName, options);
        }
    }

    private static boolean isWrite(MongoMessage message) {
        // The command's name is the first key of its document.
        return message.getDocument().keySet().stream().findFirst()
                .map(command -> WRITES.contains(command.toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    /**
     * A change could not be written to the store's file. The server answers the command with its
     * message (without the document, which its log would print for its own exception types).
     */
    static final class StoreWriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String reason;

        StoreWriteFailed(String reason, Throwable cause) {
            super("the embedded store could not write its file: " + reason, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
