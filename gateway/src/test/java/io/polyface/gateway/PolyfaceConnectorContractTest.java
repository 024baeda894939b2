package io.polyface.gateway;

import io.polyface.engine.testing.EngineBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The polyface connector (the native client over HTTP, made as {@code type: remote} makes it) on
 * the engine contract, against a second gateway in this JVM whose engine is the in-memory one:
 * every behaviour of the engine behind the native protocol reaches the caller.
 */
class PolyfaceConnectorContractTest extends ConnectorContract {
    private static final String TOKEN = "contract-" + UUID.randomUUID();

    @Override
    protected String backendConfiguration() {
        return "native:\n  token: " + TOKEN + "\n";
    }

    @Override
    protected Map<String, String> connectorSettings(URI backend, Path callerData) {
        return Map.of("connector", "polyface", "base-url", backend.toString(), "token", TOKEN, "timeout", "30s");
    }

    @Override
    protected Set<EngineBehavior> behaviors() {
        return EnumSet.allOf(EngineBehavior.class);
    }
}
