package io.polyface.conformance.sensetime;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyface.conformance.Contract;
import io.polyface.gateway.Gateway;
import io.polyface.gateway.GatewayOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A gateway of its own on a MongoDB wire server the test controls, so that the store can be made
 * unreachable (INTERNAL_ERROR). Emulator-only.
 */
final class SensetimeOutage implements AutoCloseable {
    private final MongoServer mongo;
    private final Gateway gateway;
    private final Path data;
    private final SensetimeCredentials credentials;

    private SensetimeOutage(MongoServer mongo, Gateway gateway, Path data, SensetimeCredentials credentials) {
        this.mongo = mongo;
        this.gateway = gateway;
        this.data = data;
        this.credentials = credentials;
    }

    static SensetimeOutage start() throws IOException {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind(new InetSocketAddress("127.0.0.1", 0));
        Path data = Files.createTempDirectory("polyface-sensetime-outage-");
        SensetimeCredentials pair = new SensetimeCredentials("cf-outage", UUID.randomUUID().toString());
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "engines.local.mongodb-uri", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/?directConnection=true",
                "engines.local.mongodb-server-selection-timeout-ms", "500",
                "dialects.sensetime.accounts.0.api-id", pair.apiId(),
                "dialects.sensetime.accounts.0.api-secret", pair.apiSecret(),
                "dialects.sensetime.accounts.0.rate-limit", "100000q/10s"));
        try {
            return new SensetimeOutage(mongo, Gateway.start(options), data, pair);
        } catch (RuntimeException e) {
            mongo.shutdownNow();
            throw e;
        }
    }

    SensetimeClient client(Contract contract) {
        return new SensetimeClient(gateway.baseUri() + "/sensetime", contract, credentials);
    }

    void stopDatabase() {
        mongo.shutdownNow();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            mongo.shutdownNow();
            SensetimeEnvironment.deleteTree(data);
        }
    }
}
