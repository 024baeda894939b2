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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FacePass connector, made as {@code type: remote, connector: facepass} makes it, on the engine
 * contract against a second gateway in this JVM serving its FacePass dialect over the in-memory
 * engine. A FacePass server is one tenant; it keeps no images apart from faces and gives out no
 * embeddings. The tests overridden at the end are where the connector departs from the SPI.
 */
class FacepassConnectorContractTest extends FaceEngineContract {
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
                    store: facepass-connector-contract
                routing:
                  default-engine: memory
                """);
        Path caller = Files.createDirectories(data.resolve("caller"));
        engine = GatewayFixtures.remoteEngine("facepass", Map.of("connector", "facepass", "base-url",
                backend.baseUri() + "/facepass", "tenant", "default", "timeout", "30s", "index-file", caller.resolve("index.json").toString()), caller);
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
    @Disabled("a search by image does not report the probe face")
    @Override
    protected void aPhotoFindsTheFaceEnrolledFromItFirst() {
    }

    @Test
    @Disabled("a search gives the best face of each group only, so topK is not reached when a group holds more people")
    @Override
    protected void distinctTagsGiveEachPersonOnce() {
    }

    @Test
    @Disabled("replacing the faces of a tag that has none enrols them instead of failing with NotFound")
    @Override
    protected void replacingATagsFacesSwapsThemAtOnce() {
    }
}
