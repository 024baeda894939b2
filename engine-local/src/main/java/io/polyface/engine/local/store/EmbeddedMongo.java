package io.polyface.engine.local.store;

import static java.util.Objects.requireNonNull;

import de.bwaldvogel.mongo.MongoServer;
import io.polyface.engine.local.index.IndexRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

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
 * another node's ({@link CommittingBackend}). A commit hands the data to the operating system, which
 * survives a crash of this process; with {@code fsync} it also waits until the disk has it, which
 * survives a power loss. {@link #close()} commits and closes the file, so a clean restart finds
 * everything.
 *
 * <p>A write that fails (a full disk) is answered with an error and closes H2's store; the store is
 * opened again on the same file, writes are tried again every {@link #RECOVERY_PERIOD}, and {@link
 * #writeFailure()} says why they fail meanwhile ({@link ReopeningBackend}).
 *
 * <p>The file is locked while open: a second engine on the same data directory fails at start
 * instead of corrupting it.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedMongo.class.getName());
    public static final String FILE_NAME = "polyface-mongo.mv.db";

    /** How often a store that could not write is checked for whether it can again. */
    public static final Duration RECOVERY_PERIOD = Duration.ofSeconds(1);

    /**
     * The store files this process has open. A second open is refused here, before H2 opens the
     * file: closing H2's second handle after its lock attempt failed would drop the first one's lock,
     * since the operating system keeps such locks per process and file, not per handle.
     */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final ReopeningBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final ScheduledExecutorService recovery;

    private EmbeddedMongo(Path file, ReopeningBackend backend, MongoServer server, InetSocketAddress address) {
        this.file = file;
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.recovery = Executors.newSingleThreadScheduledExecutor(IndexRuntime.daemonThreads("polyface-store-recovery-"));
        recovery.scheduleWithFixedDelay(this::recover, RECOVERY_PERIOD.toMillis(), RECOVERY_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (or creates) the store under {@code directory} and serves it on {@code bind} (port 0:
     * an ephemeral one).
     *
     * @throws IllegalStateException when another process (or engine) has the store open
     */
    public static EmbeddedMongo start(Path directory, InetSocketAddress bind, boolean fsync) {
        requireNonNull(directory, "directory is null");
        requireNonNull(bind, "bind is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        }
        Path file;
        try {
            file = directory.toRealPath().resolve(FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve data directory " + directory, e);
        }
        if (!OPEN_FILES.add(file)) {
            throw inUse(directory, "another engine of this process");
        }
        ReopeningBackend backend;
        try {
            backend = open(directory, file, fsync);
        } catch (RuntimeException e) {
            OPEN_FILES.remove(file);
            throw e;
        }
        try {
            MongoServer server = new MongoServer(backend);
            server.bind(bind);
            InetSocketAddress address = server.getLocalAddress();
            LOG.log(Level.INFO, "embedded MongoDB on {0} with data in {1}", address, file);
            if (!bind.getAddress().isLoopbackAddress()) {
                LOG.log(Level.WARNING, "the embedded MongoDB at {0} has no authentication and is reachable "
                        + "from the network: allow only the other gateway nodes to it", address);
            }
            return new EmbeddedMongo(file, backend, server, address);
        } catch (RuntimeException e) {
            try {
                backend.close();
            } finally {
                OPEN_FILES.remove(file);
            }
            throw e;
        }
    }

    private static ReopeningBackend open(Path directory, Path file, boolean fsync) {
        try {
            return new ReopeningBackend(file, fsync);
        } catch (MVStoreException e) {
            if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
                throw e;
            }
            // H2's message and stack say only "The file is locked"; say whose and what to do.
            throw inUse(directory, e.getCause() instanceof OverlappingFileLockException
                    ? "another engine of this process" : "another process");
        }
    }

    private static IllegalStateException inUse(Path directory, String holder) {
        return new IllegalStateException("the data directory " + directory + " is in use by " + holder
                + " (the embedded store's file " + FILE_NAME + " is locked); stop it or choose another data directory");
    }

    /** How this node's own client reaches the server: loopback when it listens on every address. */
    public String connectionString() {
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
        return backend.hasUnsavedChanges();
    }

    /** Writes everything acknowledged so far to the file; throws when it cannot. */
    void commit() {
        backend.commit();
    }

    /** Why the store cannot write now, while it cannot (a full disk): empty while writes work. */
    public Optional<String> writeFailure() {
        return backend.writeFailure();
    }

    private void recover() {
        try {
            backend.recover();
        } catch (RuntimeException e) {
            // Caught here too: an exception out of a round would cancel every later round.
            LOG.log(Level.WARNING, "embedded store check failed: {0}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return backend + " on port " + address.getPort();
    }

    /** Stops checking and serving, then commits and closes the store (the server closes its backend). */
    @Override
    public void close() {
        recovery.shutdownNow();
        try {
            server.shutdownNow();
        } finally {
            try {
                backend.close();
            } finally {
                OPEN_FILES.remove(file);
            }
        }
    }
}
