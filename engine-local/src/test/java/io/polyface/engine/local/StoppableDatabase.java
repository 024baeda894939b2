package io.polyface.engine.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.polyface.spi.FaceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A MongoDB wire server on an H2 file that tests stop and start again on the same port to take the
 * database away from engines, and a retry for the calls that meet it gone.
 */
final class StoppableDatabase {
    private StoppableDatabase() {
    }

    /** A server on {@code 127.0.0.1:port} keeping its data in {@code file}. */
    static MongoServer start(String file, int port) {
        MongoServer server = new MongoServer(new H2Backend(file));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return server;
    }

    /** Retries while the database is unavailable; the deadline only bounds a broken build. */
    static <T> T eventually(Supplier<T> call) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                return call.get();
            } catch (FaceException.BackendUnavailable e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A port nothing listens on now, for a server that must come back on the same one. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
