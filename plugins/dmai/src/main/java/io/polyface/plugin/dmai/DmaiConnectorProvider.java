package io.polyface.plugin.dmai;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.FaceEngine;

/**
 * {@code connector: dmai}: a DM-AI recocomp server (a real one, or another gateway's DM-AI
 * dialect) as an engine. {@code base-url} is the server root; the API lives under
 * {@code /api/v1/engine/recocomp} (setting {@code api-path}).
 */
public final class DmaiConnectorProvider implements ConnectorProvider {
    @Override
    public String id() {
        return DmaiDialectProvider.ID;
    }

    @Override
    public FaceEngine connect(ConnectorContext context) {
        return new DmaiConnector(context);
    }
}
