package io.polyface.plugin.facepass;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.provider.NamedConnectorProvider;
import io.polyface.toolkit.settings.Settings;

/**
 * {@code connector: facepass}: a FacePass server (a real one, or another gateway's FacePass dialect)
 * as an engine. {@code base-url} is the server root, under which the API lives at {@code /api/...};
 * {@code tenant} is the one tenant it serves; {@code index-file} keeps what FacePass cannot hold
 * (face ids, tags, descriptions, user data, collection attributes) across restarts. {@code layout:
 * dialect} shows the server read-only as the FacePass dialect keeps one ({@link FacepassExport}), for
 * {@code polyface migrate}; the default, {@code connector}, maps collections onto groups ({@link
 * FacepassConnector}).
 */
public final class FacepassConnectorProvider extends NamedConnectorProvider {
    public FacepassConnectorProvider() {
        super(FacepassDialectProvider.ID, FacepassConnectorProvider::connectByLayout);
    }

    private static FaceEngine connectByLayout(ConnectorContext context) {
        FacepassConnectorSettings settings = Settings.bind(context, FacepassConnectorSettings.class);
        return switch (settings.layout()) {
            case CONNECTOR -> new FacepassConnector(context, settings);
            case DIALECT -> new FacepassExport(new FacepassConnector(context, settings), new FacepassClient(context));
        };
    }
}
