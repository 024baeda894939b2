package io.polyface.engine.remote;

import io.helidon.metrics.api.Metrics;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code type: remote}: an engine answered by another server. {@code connector:} names a {@link
 * ConnectorProvider} found with {@link ServiceLoader} ({@code polyface} here; vendor plugins add
 * their own), {@code base-url:} where it listens; the connector's credentials sit beside them.
 * Whatever the connector, it is wrapped with the resilience of {@link ResilientEngine}. The connector
 * gets the gateway's database, when it has one, for what its backend cannot hold.
 */
public final class RemoteEngineProvider implements EngineProvider {
    @Override
    public String type() {
        return "remote";
    }

    @Override
    public FaceEngine create(EngineContext context) {
        String connectorId = context.setting("connector").filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("engine '" + context.name() + "' has type remote but no connector; set engines."
                        + context.name() + ".connector to one of " + connectors().keySet()));
        ConnectorProvider provider = connectors().get(connectorId);
        if (provider == null) {
            throw new IllegalArgumentException("engine '" + context.name() + "' names connector '" + connectorId
                    + "', but the connectors found are " + connectors().keySet());
        }
        String baseUrl = context.setting("base-url").filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("engine '" + context.name() + "' needs engines." + context.name() + ".base-url"));
        URI base = URI.create(baseUrl);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("engines." + context.name() + ".base-url must be an http(s) URL: " + baseUrl);
        }
        RemoteSettings settings = RemoteSettings.of(context);
        BackendRateGate gate = new BackendRateGate(context.clock(), settings.rateWait());
        FaceEngine connector = provider.connect(new ConnectorContext(
                context.name(), base, context.settings(), settings.timeout(), context.clock(), gate, context.records()));
        return ResilientEngine.wrap(connector, settings, gate, new RemoteMetrics(Metrics.globalRegistry(), context.name()));
    }

    /** The connectors on the class path, by id; two with one id fail loudly. */
    static Map<String, ConnectorProvider> connectors() {
        Map<String, ConnectorProvider> found = new LinkedHashMap<>();
        for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class)) {
            ConnectorProvider previous = found.putIfAbsent(provider.id(), provider);
            if (previous != null) {
                throw new IllegalStateException("two connectors are named '" + provider.id() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return found;
    }
}
