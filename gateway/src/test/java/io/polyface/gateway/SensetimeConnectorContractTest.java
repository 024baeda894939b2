package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import io.polyface.engine.testing.FaceEngineContract;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SenseTime connector, made as {@code type: remote, connector: sensetime} makes it, on the
 * engine contract against a second gateway in this JVM serving its SenseTime dialect over the
 * in-memory engine. A SenseTime account is one tenant; it keeps no images and gives out no
 * embeddings. The tests overridden at the end are where the connector departs from the SPI.
 */
class SensetimeConnectorContractTest extends FaceEngineContract {
    private static final String API_ID = "sensetime-contract-id";
    private static final String API_SECRET = "sensetime-contract-secret";
    private static final Set<EngineBehavior> BEHAVIORS = EnumSet.of(EngineBehavior.COLLECTION_ATTRIBUTES,
            EngineBehavior.CLEAR_COLLECTION, EngineBehavior.DETECTION, EngineBehavior.COMPARE, EngineBehavior.UPDATE_FACE,
            EngineBehavior.REPLACE_FACES, EngineBehavior.COPY_FACES, EngineBehavior.USER_DATA);

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
                    store: sensetime-connector-contract
                routing:
                  default-engine: memory
                dialects:
                  sensetime:
                    default-rate-limit: 1000q/10s
                    accounts:
                      - {api-id: %s, api-secret: %s}
                """.formatted(API_ID, API_SECRET));
        Path caller = Files.createDirectories(data.resolve("caller"));
        engine = GatewayFixtures.remoteEngine("sensetime", Map.of("connector", "sensetime", "base-url",
                backend.baseUri() + "/sensetime", "api-id", API_ID, "api-secret", API_SECRET, "timeout", "30s",
                "index-file", caller.resolve("index.json").toString()), caller);
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

    @Override
    protected boolean hasBehavior(EngineBehavior behavior) {
        return BEHAVIORS.contains(behavior);
    }

    // ---- where the connector departs from the SPI ---------------------------------------------

    @Test
    @Disabled("replacing the faces of a tag that has none enrols them instead of failing with NotFound")
    @Override
    protected void replacingATagsFacesSwapsThemAtOnce() {
    }
}
