package io.polyface.conformance;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyface.gateway.InProcessGateway;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A gateway of its own on a MongoDB wire server the test controls, so that a test can make the
 * store unreachable and, if it wants, bring it back on the same port. Only an emulator lets a test
 * stop the database: the suites' outage tests are emulator-only.
 */
public final class DatabaseOutage implements AutoCloseable {
    private final int port;
    private final InProcessGateway gateway;
    private MongoServer mongo;

    private DatabaseOutage(MongoServer mongo, InProcessGateway gateway) {
        this.mongo = mongo;
        this.port = mongo.getLocalAddress().getPort();
        this.gateway = gateway;
    }

    /**
     * Starts the database, then a gateway on it.
     *
     * @param serverSelectionTimeout how long the engine waits for the database before it fails a call
     * @param overrides further gateway keys (a dialect's accounts, say)
     */
    public static DatabaseOutage start(String directoryPrefix, Duration serverSelectionTimeout, Map<String, String> overrides) {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind(new InetSocketAddress("127.0.0.1", 0));
        Map<String, String> keys = new HashMap<>(overrides);
        keys.put("engines.local.mongodb-uri", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/?directConnection=true");
        keys.put("engines.local.mongodb-server-selection-timeout-ms", Long.toString(serverSelectionTimeout.toMillis()));
        try {
            return new DatabaseOutage(mongo, InProcessGateway.start(directoryPrefix, Optional.empty(), keys));
        } catch (RuntimeException e) {
            mongo.shutdownNow();
            throw e;
        }
    }

    /** A dialect's root on this gateway. */
    public String url(String dialect) {
        return gateway.url(dialect);
    }

    public void stopDatabase() {
        mongo.shutdownNow();
    }

    /** Starts an empty database on the old port again; the port may take a moment to be free. */
    public void restartDatabase() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            MongoServer server = new MongoServer(new MemoryBackend());
            try {
                server.bind(new InetSocketAddress("127.0.0.1", port));
                mongo = server;
                return;
            } catch (RuntimeException busy) {
                server.shutdownNow();
                if (Instant.now().isAfter(deadline)) {
                    throw busy;
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            mongo.shutdownNow();
        }
    }
}
