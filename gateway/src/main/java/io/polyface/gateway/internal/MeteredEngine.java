package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;

/**
 * An engine whose SPI calls are timed in the metrics, by engine and method, failures apart; all
 * but {@code name()}, {@code featureVersion()} and {@code close()}.
 */
public final class MeteredEngine extends ForwardingFaceEngine {
    private final FaceEngine engine;
    private final RequestMetrics metrics;

    private MeteredEngine(FaceEngine engine, RequestMetrics metrics) {
        this.engine = requireNonNull(engine, "engine is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    public static FaceEngine wrap(FaceEngine engine, RequestMetrics metrics) {
        return new MeteredEngine(engine, metrics);
    }

    @Override
    protected FaceEngine delegate() {
        return engine;
    }

    @Override
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        if (operation == EngineOperation.FEATURE_VERSION) {
            return invocation.on(engine);
        }
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T result = invocation.on(engine);
            failed = false;
            return result;
        } finally {
            metrics.recordEngineCall(engine.name(), operation.methodName(), failed, System.nanoTime() - started);
        }
    }
}
