package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.EngineRouter;
import io.polyface.spi.engine.FaceEngine;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routes each request by the {@link RouteTable} in force, which a configuration reload replaces
 * atomically: a request sees the old table or the new one, never a mix.
 */
public final class RoutingEngineRouter implements EngineRouter {
    private final EngineRegistry engines;
    private final ShadowRecorder shadows;
    private final RequestMetrics metrics;
    private final AtomicReference<RouteTable> table;

    public RoutingEngineRouter(EngineRegistry engines, RouteTable table, ShadowRecorder shadows, RequestMetrics metrics) {
        this.engines = requireNonNull(engines, "engines is null");
        this.shadows = requireNonNull(shadows, "shadows is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.table = new AtomicReference<>(requireNonNull(table, "table is null"));
    }

    public void replace(RouteTable next) {
        table.set(requireNonNull(next, "next is null"));
    }

    public RouteTable table() {
        return table.get();
    }

    @Override
    public FaceEngine engineFor(String dialect, String tenant, Optional<String> collection) {
        RouteRule rule = table.get().select(dialect, tenant, collection);
        FaceEngine engine = engine(rule.engine());
        if (rule.failover().isPresent()) {
            engine = FailoverEngine.wrap(engine, engine(rule.failover().get()), metrics);
        }
        if (rule.shadow().isPresent()) {
            engine = ShadowingEngine.wrap(engine, engine(rule.shadow().get()), shadows,
                    new ShadowRecorder.Origin(dialect, tenant, collection));
        }
        return engine;
    }

    private FaceEngine engine(String name) {
        // Route tables are checked against the running engines before they are installed.
        return engines.engine(name).orElseThrow(() -> new FaceException.BackendUnavailable(
                "engine " + name + " is not running (a configuration reload is under way)", null));
    }
}
