package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;

/**
 * Sends a call to a second engine when the primary is unavailable ({@link
 * FaceException.BackendUnavailable}, an open breaker among its causes). A read always fails over;
 * a write only when it provably never reached the primary ({@link CallNotSent}), so that a write
 * that timed out half-way is never made a second time elsewhere.
 */
final class FailoverEngine extends ForwardingFaceEngine {
    private final FaceEngine primary;
    private final FaceEngine failover;
    private final RequestMetrics metrics;

    private FailoverEngine(FaceEngine primary, FaceEngine failover, RequestMetrics metrics) {
        this.primary = requireNonNull(primary, "primary is null");
        this.failover = requireNonNull(failover, "failover is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    static FaceEngine wrap(FaceEngine primary, FaceEngine failover, RequestMetrics metrics) {
        return new FailoverEngine(primary, failover, metrics);
    }

    @Override
    protected FaceEngine delegate() {
        return primary;
    }

    @Override
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        try {
            return invocation.on(primary);
        } catch (FaceException.BackendUnavailable e) {
            if (!(operation.readOnly() || e.getCause() instanceof CallNotSent)) {
                throw e;
            }
            metrics.recordFailover(primary.name(), failover.name(), operation.methodName());
            return invocation.on(failover);
        }
    }
}
