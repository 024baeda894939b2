package io.polyface.engine.local.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import io.polyface.engine.local.store.CommittingBackend.StoreWriteFailed;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The embedded server's backend: forwards every call to a {@link CommittingBackend} on the store
 * file, and opens the file again when that backend's store has closed. H2 closes a store for good
 * when a write to its file fails (a full disk); everything acknowledged was committed before, so
 * the file opened again holds every acknowledged write, and the server goes on on the same port
 * with the same client connections. Reads work again at once, even while the disk is still full.
 *
 * <p>Writes count as possible again only once one has worked: after a failure, {@link #recover()}
 * (run every second) writes a probe file of {@link #PROBE_BYTES} next to the store and, when the
 * directory takes it, a small record into the store. Until then {@link #writeFailure()} says why
 * the store cannot write. No probe is made while all is well.
 *
 * <p>Thread-safe. Commands do not lock; a swap and the probe happen under one lock.
 */
final class ReopeningBackend implements MongoBackend {

    private static final System.Logger LOG = System.getLogger(ReopeningBackend.class.getName());

    /** After a failed open, how long commands go on failing before they try to open the file again. */
    static final Duration REOPEN_BACKOFF = Duration.ofMillis(500);

    /**
     * The probe file's size: room for a write with its image and the pages it rewrites. On a disk
     * with less, small writes may still work, but the next one with an image most likely fails.
     */
    static final int PROBE_BYTES = 1024 * 1024;

    static final String PROBE_FILE = ".polyface-write-probe";

    private final Path file;
    private final boolean fsync;
    private final Object lock = new Object();
    private volatile CommittingBackend current;
    /** Why writes failed, until a probe has written since; empty while they work. */
    private volatile Optional<String> writeFailure = Optional.empty();
    private volatile boolean shutDown;
    /** Under the lock: when an open of the file last failed (System.nanoTime), or 0. */
    private long failedOpenAt;
    /** Under the lock: settings the server made, for each backend opened later. */
    private boolean oplog;
    private Optional<MongoVersion> version = Optional.empty();

    /**
     * Opens the store file; see {@link CommittingBackend#open}.
     *
     * @throws org.h2.mvstore.MVStoreException when it cannot be opened or is locked
     */
    ReopeningBackend(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
        this.current = CommittingBackend.open(file, fsync);
    }

    /** Why the store cannot write now, while it cannot: a write failed and none has worked since. */
    Optional<String> writeFailure() {
        CommittingBackend backend = current;
        return backend.isClosed() && !shutDown ? Optional.of(backend.failure()) : writeFailure;
    }

    /** Writes everything acknowledged so far to the file; throws when it cannot. */
    void commit() {
        try {
            backend().commit();
        } catch (StoreWriteFailed e) {
            throw failed(e);
        }
    }

    private StoreWriteFailed failed(StoreWriteFailed failure) {
        writeFailure = Optional.of(failure.reason());
        return failure;
    }

    boolean hasUnsavedChanges() {
        return current.hasUnsavedChanges();
    }

    /**
     * Opens the file again if its store has closed and, while writes are failing, tries whether
     * they work again. Run periodically.
     */
    void recover() {
        synchronized (lock) {
            CommittingBackend backend = backend();
            if (shutDown || backend.isClosed() || writeFailure.isEmpty()) {
                return;
            }
            Optional<String> problem = probeDirectory().or(backend::probeWrite);
            if (problem.isEmpty()) {
                LOG.log(Level.INFO, "the embedded store {0} writes again", file);
                writeFailure = Optional.empty();
            } else {
                writeFailure = problem;
            }
        }
    }

    /** The backend to use: the current one, or a new one on the file when the current store has closed. */
    private CommittingBackend backend() {
        CommittingBackend backend = current;
        return backend.isClosed() ? reopen(backend) : backend;
    }

    private CommittingBackend reopen(CommittingBackend closed) {
        synchronized (lock) {
            if (current != closed || shutDown) {
                return current;
            }
            String reason = closed.failure();
            writeFailure = Optional.of(reason);
            if (failedOpenAt != 0 && System.nanoTime() - failedOpenAt < REOPEN_BACKOFF.toNanos()) {
                return closed;
            }
            CommittingBackend opened;
            try {
                opened = CommittingBackend.open(file, fsync);
            } catch (RuntimeException e) {
                failedOpenAt = System.nanoTime();
                LOG.log(Level.WARNING, "the embedded store {0} closed ({1}) and cannot be opened again yet: {2}",
                        file, reason, CommittingBackend.reason(e));
                return closed;
            }
            failedOpenAt = 0;
            if (oplog) {
                opened.enableOplog();
            }
            version.ifPresent(opened::version);
            current = opened;
            LOG.log(Level.WARNING, "the embedded store {0} closed after a failed write ({1}); opened it again "
                    + "with every acknowledged write", file, reason);
            closeQuietly(closed);
            return opened;
        }
    }

    /** Empty when the store's directory takes a file of {@link #PROBE_BYTES}; otherwise why not. */
    private Optional<String> probeDirectory() {
        Path probe = file.resolveSibling(PROBE_FILE);
        try {
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(PROBE_BYTES);
                while (zeros.hasRemaining()) {
                    channel.write(zeros);
                }
                channel.force(false);
            } finally {
                Files.deleteIfExists(probe);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(CommittingBackend.reason(e));
        }
    }

    private static void closeQuietly(CommittingBackend backend) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a failed store: {0}", e.getMessage());
        }
    }

    // ---- MongoBackend: each call goes to the backend of the moment ------------------------

    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return backend().handleMessage(message);
        } catch (StoreWriteFailed e) {
            throw failed(e);
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return backend().handleCommand(channel, database, command, query);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return backend().handleQuery(query);
    }

    @Override
    public void handleClose(Channel channel) {
        current.handleClose(channel);
    }

    @Override
    public void dropDatabase(String database) {
        backend().dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return backend().getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return backend().getServerStatus();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        current.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return current.getClock();
    }

    @Override
    public void enableOplog() {
        synchronized (lock) {
            oplog = true;
            current.enableOplog();
        }
    }

    @Override
    public void disableOplog() {
        synchronized (lock) {
            oplog = false;
            current.disableOplog();
        }
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return backend().resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        synchronized (lock) {
            this.version = Optional.of(version);
            current.version(version);
        }
        return this;
    }

    /** Commits and closes the store; no store is opened after this. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            shutDown = true;
            current.close();
        }
    }

    @Override
    public String toString() {
        return "embedded H2 store " + file;
    }
}
