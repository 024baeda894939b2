package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The SenseTime connector, made as {@code type: remote, connector: sensetime} makes it, on the
 * engine contract against a second gateway in this JVM serving its SenseTime dialect over the
 * in-memory engine. A SenseTime account is one tenant; it keeps no images and gives out no
 * embeddings. What it lacks
 * is what {@link #behaviors()} leaves out.
 */
class SensetimeConnectorContractTest extends ConnectorContract {
    private static final String API_ID = "sensetime-contract-id";
    private static final String API_SECRET = "sensetime-contract-secret";

    @Override
    protected String backendConfiguration() {
        return """
                dialects:
                  sensetime:
                    default-rate-limit: 1000q/10s
                    accounts:
                      - {api-id: %s, api-secret: %s}
                """.formatted(API_ID, API_SECRET);
    }

    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "sensetime", "base-url", backend + "/sensetime", "api-id", API_ID, "api-secret", API_SECRET,
                "timeout", "30s", "index-file", callerData.resolve("index.json").toString());
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.of(EngineBehavior.SEVERAL_HITS_PER_COLLECTION, EngineBehavior.PROBE_FACE,
                EngineBehavior.DISTINCT_TAGS, EngineBehavior.REJECTION_REASONS, EngineBehavior.FACE_IDS,
                EngineBehavior.COLLECTION_ATTRIBUTES, EngineBehavior.CLEAR_COLLECTION, EngineBehavior.DETECTION,
                EngineBehavior.COMPARE, EngineBehavior.UPDATE_FACE, EngineBehavior.REPLACE_FACES,
                EngineBehavior.COPY_FACES, EngineBehavior.USER_DATA);
    }
}
