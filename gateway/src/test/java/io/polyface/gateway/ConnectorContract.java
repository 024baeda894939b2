package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import io.polyface.engine.testing.FaceEngineContract;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine contract for a connector, made as {@code type: remote} makes it, against a second
 * gateway in this JVM (the backend) whose engine is the in-memory one reading test pictures: a
 * subclass says what the backend serves and how the connector reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConnectorContract extends FaceEngineContract {
    private Gateway backend;
    private FaceEngine engine;

    /** The backend's configuration beyond its engine: the dialect's accounts, the native token; none by default. */
    protected String backendConfiguration() {
        return "";
    }

    /** The remote engine's settings: its connector, where it reaches the backend, its credentials. */
    protected abstract Map<String, String> connectorSettings(URI backend, Path callerData);

    /** What the connector can do of what the contract checks. */
    protected abstract Set<EngineBehavior> behaviors();

    @Override
    protected final boolean hasBehavior(EngineBehavior behavior) {
        return behaviors().contains(behavior);
    }

    @BeforeAll
    void start(@TempDir Path data) throws IOException {
        backend = GatewayFixtures.start(Files.createDirectories(data.resolve("backend")), """
                engines:
                  local:
                    enabled: false
                  memory:
                    type: fake
                    faces: pictures
                    store: %s
                routing:
                  default-engine: memory
                """.formatted(getClass().getSimpleName()) + backendConfiguration());
        Path caller = Files.createDirectories(data.resolve("caller"));
        engine = GatewayFixtures.remoteEngine("connector", connectorSettings(backend.baseUri(), caller), caller);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    protected final FaceEngine engine() {
        return engine;
    }
}
