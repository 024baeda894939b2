package io.polyface.gateway;

import io.polyface.engine.testing.FaceEngineContract;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polyface connector (the native client over HTTP, made as {@code type: remote} makes it) on
 * the engine contract, against a second gateway in this JVM whose engine is the in-memory one:
 * every behaviour of the engine behind the native protocol reaches the caller.
 */
class PolyfaceConnectorContractTest extends FaceEngineContract {
    private static final String TOKEN = "contract-" + UUID.randomUUID();

    @TempDir
    static Path data;

    private static Gateway backend;
    private static FaceEngine engine;

    @BeforeAll
    static void start() throws IOException {
        backend = GatewayFixtures.start(Files.createDirectories(data.resolve("backend")), """
                engines:
                  local:
                    enabled: false
                  memory:
                    type: fake
                    faces: pictures
                    store: polyface-connector-contract
                routing:
                  default-engine: memory
                native:
                  token: %s
                """.formatted(TOKEN));
        engine = GatewayFixtures.remoteEngine("backend", Map.of("connector", "polyface", "base-url", backend.baseUri().toString(),
                "token", TOKEN, "timeout", "30s"), Files.createDirectories(data.resolve("caller")));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    protected FaceEngine engine() {
        return engine;
    }
}
