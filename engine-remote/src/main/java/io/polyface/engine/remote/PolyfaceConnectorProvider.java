package io.polyface.engine.remote;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.FaceEngine;

/**
 * {@code connector: polyface}: another Polyface's engine through its native protocol. Needs
 * {@code base-url} and {@code token} (the other gateway's {@code native.token}).
 */
public final class PolyfaceConnectorProvider implements ConnectorProvider {
    public static final String ID = "polyface";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public FaceEngine connect(ConnectorContext context) {
        return PolyfaceConnector.connect(context);
    }
}
