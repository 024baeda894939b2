package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The FacePass connector, made as {@code type: remote, connector: facepass} makes it, on the engine
 * contract against a second gateway in this JVM serving its FacePass dialect over the in-memory
 * engine. A FacePass server is one tenant; it keeps no images apart from faces and gives out no
 * embeddings. What it lacks
 * is what {@link #behaviors()} leaves out.
 */
class FacepassConnectorContractTest extends ConnectorContract {
    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "facepass", "base-url", backend + "/facepass", "tenant", "default", "timeout", "30s",
                "index-file", callerData.resolve("index.json").toString());
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.of(EngineBehavior.REJECTION_REASONS, EngineBehavior.FACE_IDS,
                EngineBehavior.COLLECTION_ATTRIBUTES, EngineBehavior.CLEAR_COLLECTION, EngineBehavior.DETECTION,
                EngineBehavior.COMPARE, EngineBehavior.UPDATE_FACE, EngineBehavior.REPLACE_FACES,
                EngineBehavior.COPY_FACES, EngineBehavior.USER_DATA);
    }
}
