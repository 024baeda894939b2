package io.polyface.engine.remote;

import io.polyface.toolkit.provider.NamedConnectorProvider;

/**
 * {@code connector: polyface}: another Polyface's engine through its native protocol. Needs
 * {@code base-url} and {@code token} (the other gateway's {@code native.token}).
 */
public final class PolyfaceConnectorProvider extends NamedConnectorProvider {
    public static final String ID = "polyface";

    public PolyfaceConnectorProvider() {
        super(ID, PolyfaceConnector::connect);
    }
}
