package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server ({@code mongo-java-server}) keeping its data in one H2 MVStore
 * file, for running without an external MongoDB. It listens on loopback unless an operator names
 * another bind address: the server has no authentication, so exposing it is a deliberate choice.
 * Other gateway nodes may use it through its {@code mongodb://} address (see the README, "Several
 * nodes").
 *
 * <p>Durability: the MVStore only writes changes to its file when it commits, which by default
 * happens in the background about once a second. The backend therefore commits after every write
 * command and before the command is acknowledged, whichever client sent it: this node's engine or
 * another node's. A commit hands the data to the operating system, which survives a crash of this
 * process; with {@code fsync} it also waits until the disk has it, which survives a power loss.
 * {@link #close()} commits and closes the file, so a clean restart finds everything.
 *
 * <p>The file is locked while open: a second engine on the same data directory fails at start
 * instead of corrupting it.
 */
final class EmbeddedMongo implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedMongo.class.getName());
    static final String FILE_NAME = "polyface-mongo.mv.db";

    /**
     * How long the store keeps a chunk whose pages were rewritten before it may reuse the space. A
     * query cursor reads the version of the data it started on, from those old chunks; the server
     * answers a large query in batches over a long time (a million faces, a loaded machine), and
     * with H2's default of 45 s a cursor outlived its chunks ("Chunk 198 not found", seen loading
     * 100,000 faces under a load of 11 on 2 cores). The price is a file that shrinks later.
     */
    static final int RETENTION_MILLIS = 30 * 60 * 1000;

    private final MVStore store;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final boolean fsync;

    private EmbeddedMongo(MVStore store, MongoServer server, InetSocketAddress address, boolean fsync) {
        this.store = store;
        this.server = server;
        this.address = address;
        this.fsync = fsync;
    }

    /**
     * Opens (or creates) the store under {@code directory} and serves it on {@code bind} (port 0:
     * an ephemeral one).
     */
    static EmbeddedMongo start(Path directory, InetSocketAddress bind, boolean fsync) {
        requireNonNull(directory, "directory is null");
        requireNonNull(bind, "bind is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        }
        Path file = directory.resolve(FILE_NAME);
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        store.setRetentionTime(RETENTION_MILLIS);
        try {
            MongoServer server = new MongoServer(new CommittingBackend(store, fsync));
            server.bind(bind);
            InetSocketAddress address = server.getLocalAddress();
            LOG.log(Level.INFO, "embedded MongoDB on {0} with data in {1}", address, file);
            if (!bind.getAddress().isLoopbackAddress()) {
                LOG.log(Level.WARNING, "the embedded MongoDB at {0} has no authentication and is reachable "
                        + "from the network: allow only the other gateway nodes to it", address);
            }
            return new EmbeddedMongo(store, server, address, fsync);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** How this node's own client reaches the server: loopback when it listens on every address. */
    String connectionString() {
        InetAddress bound = address.getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "mongodb://" + host + ":" + address.getPort() + "/?directConnection=true";
    }

    InetSocketAddress address() {
        return address;
    }

    /** True when some acknowledged write is not yet in the file; for tests of durability. */
    boolean hasUncommittedWrites() {
        return store.hasUnsavedChanges();
    }

    /** Writes everything acknowledged so far to the file. */
    void commit() {
        persist(store, fsync);
    }

    private static void persist(MVStore store, boolean fsync) {
        store.commit();
        if (fsync) {
            store.sync();
        }
    }

    /**
     * Commits the store after each command that can change data, before the reply goes out, so a
     * write acknowledged to any client (another node included) is in the file. The MongoDB driver
     * sends every command as an OP_MSG, which arrives here.
     */
    private static final class CommittingBackend extends H2Backend {
        /** Lower case, since command names arrive in either case ({@code findAndModify}, {@code findandmodify}). */
        private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
                "create", "createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

        /** The name H2Database gives the map of a collection's documents, before its full name. */
        private static final String DATA_MAP_PREFIX = "databases.";

        private final MVStore store;
        private final boolean fsync;

        CommittingBackend(MVStore store, boolean fsync) {
            super(store);
            this.store = store;
            this.fsync = fsync;
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new BsonDatabase(databaseName);
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            try {
                return super.handleMessage(message);
            } finally {
                // Also after a failed command: a batch may have written part of itself.
                if (isWrite(message) && !store.isClosed()) {
                    persist(store, fsync);
                }
            }
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
    }

    @Override
    public String toString() {
        return "embedded H2 store " + store.getFileStore().getFileName() + " on port " + address.getPort();
    }

    /** Stops serving, then commits and closes the store (the server closes its backend). */
    @Override
    public void close() {
        try {
            server.shutdownNow();
        } finally {
            if (!store.isClosed()) {
                store.close();
            }
        }
    }
}
