package io.polyface.plugin.sensetime;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.provider.NamedConnectorProvider;
import io.polyface.toolkit.settings.Settings;

/**
 * {@code connector: sensetime}: a SenseTime v1 server (a real one, or another gateway's SenseTime
 * dialect) as an engine. {@code base-url} is the root of the API ({@code /info/api} lies right under
 * it); {@code api-id} and {@code api-secret} are the account's; {@code tenant} is the one tenant it
 * serves (default {@code default}); {@code task.max-polls} and {@code task.poll-millis} bound how long
 * a 202 task is followed. {@code layout: dialect} shows the account read-only as the SenseTime
 * dialect keeps one ({@link SensetimeExport}), for {@code polyface migrate}; the default, {@code
 * connector}, maps collections onto facesets ({@link SensetimeConnector}).
 */
public final class SensetimeConnectorProvider extends NamedConnectorProvider {
    public SensetimeConnectorProvider() {
        super(SensetimeDialectProvider.ID, SensetimeConnectorProvider::connectByLayout);
    }

    private static FaceEngine connectByLayout(ConnectorContext context) {
        SensetimeConnectorSettings settings = Settings.bind(context, SensetimeConnectorSettings.class);
        return switch (settings.layout()) {
            case CONNECTOR -> new SensetimeConnector(context, settings);
            case DIALECT -> new SensetimeExport(new SensetimeConnector(context, settings), new SensetimeClient(context));
        };
    }
}
