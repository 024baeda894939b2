package io.polyface.plugin.dmai;

import io.polyface.toolkit.provider.NamedConnectorProvider;

/**
 * {@code connector: dmai}: a DM-AI recocomp server (a real one, or another gateway's DM-AI
 * dialect) as an engine. {@code base-url} is the server root; the API lives under
 * {@code /api/v1/engine/recocomp} (setting {@code api-path}).
 */
public final class DmaiConnectorProvider extends NamedConnectorProvider {
    public DmaiConnectorProvider() {
        super(DmaiDialectProvider.ID, DmaiConnector::new);
    }
}
