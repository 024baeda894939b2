package io.polyface.toolkit.provider;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.FaceEngine;
import java.util.function.Function;

/** A connector provider that is its id and the engine's constructor; a plugin's subclass names both. */
public abstract class NamedConnectorProvider implements ConnectorProvider {
    private final String id;
    private final Function<ConnectorContext, ? extends FaceEngine> connector;

    /**
     * @param id the name an engine's {@code connector:} setting gives
     * @param connector makes the engine from its context ({@code QiniuConnector::new})
     */
    protected NamedConnectorProvider(String id, Function<ConnectorContext, ? extends FaceEngine> connector) {
        this.id = requireNonNull(id, "id is null");
        this.connector = requireNonNull(connector, "connector is null");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final FaceEngine connect(ConnectorContext context) {
        return connector.apply(context);
    }
}
