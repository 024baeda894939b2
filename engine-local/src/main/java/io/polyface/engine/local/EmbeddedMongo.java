package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server ({@code mongo-java-server}) on loopback, keeping its data in one H2
 * MVStore file, for running without an external MongoDB.
 *
 * <p>Durability: the MVStore only writes changes to its file when it commits, which by default
 * happens in the background about once a second. An acknowledged MongoDB write is therefore not yet
 * on disk, so the engine calls {@link #commit()} after each of its writes before it answers. A
 * commit hands the data to the operating system, which survives a crash of this process; with
 * {@code fsync} it also waits until the disk has it, which survives a power loss. {@link #close()}
 * commits and closes the file, so a clean restart finds everything.
 *
 * <p>The file is locked while open: a second engine on the same data directory fails at start
 * instead of corrupting it.
 */
final class EmbeddedMongo implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedMongo.class.getName());
    static final String FILE_NAME = "polyface-mongo.mv.db";

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

    /** Opens (or creates) the store under {@code directory} and serves it on an ephemeral port. */
    static EmbeddedMongo start(Path directory, boolean fsync) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        }
        Path file = directory.resolve(FILE_NAME);
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            MongoServer server = new MongoServer(new H2Backend(store));
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = server.getLocalAddress();
            LOG.log(Level.INFO, "embedded MongoDB on {0} with data in {1}", address, file);
            return new EmbeddedMongo(store, server, address, fsync);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true";
    }

    /** Writes everything acknowledged so far to the file. */
    void commit() {
        store.commit();
        if (fsync) {
            store.sync();
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
