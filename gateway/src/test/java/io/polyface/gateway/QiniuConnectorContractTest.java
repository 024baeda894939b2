package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The Qiniu connector, made as {@code type: remote, connector: qiniu} makes it, on the engine
 * contract against a second gateway in this JVM serving its Qiniu dialect over the in-memory
 * engine. Qiniu's face-group API serves one account, and keeps faces, tags, descriptions and
 * searches by image only. What it lacks is what
 * {@link #behaviors()} leaves out.
 */
class QiniuConnectorContractTest extends ConnectorContract {
    private static final String AK = "qiniu-contract-ak";
    private static final String SK = "qiniu-contract-secret";

    @Override
    protected String backendConfiguration() {
        return "dialects:\n  qiniu:\n    keys:\n      - {access-key: " + AK + ", secret-key: " + SK + "}\n";
    }

    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "qiniu", "base-url", backend + "/qiniu", "access-key", AK, "secret-key", SK, "timeout", "30s");
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.of(EngineBehavior.SEVERAL_HITS_PER_COLLECTION, EngineBehavior.FACE_IDS,
                EngineBehavior.CLEAR_COLLECTION, EngineBehavior.REPLACE_FACES);
    }
}
