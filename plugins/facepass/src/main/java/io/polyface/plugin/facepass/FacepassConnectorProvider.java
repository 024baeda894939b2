package io.polyface.plugin.facepass;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.FaceEngine;

/**
 * {@code connector: facepass}: a FacePass server (a real one, or another gateway's FacePass dialect)
 * as an engine. {@code base-url} is the server root, under which the API lives at {@code /api/...};
 * {@code tenant} is the one tenant it serves; {@code index-file} keeps what FacePass cannot hold
 * (face ids, tags, descriptions, user data, collection attributes) across restarts.
 */
public final class FacepassConnectorProvider implements ConnectorProvider {
    @Override
    public String id() {
        return FacepassDialectProvider.ID;
    }

    @Override
    public FaceEngine connect(ConnectorContext context) {
        return new FacepassConnector(context);
    }
}
