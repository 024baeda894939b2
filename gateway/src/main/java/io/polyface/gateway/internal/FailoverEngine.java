package io.polyface.gateway.internal;

import io.polyface.protocol.EngineCall;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.engine.FaceEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Sends a call to a second engine when the primary is unavailable ({@link
 * FaceException.BackendUnavailable}, an open breaker among its causes). A read always fails over;
 * a write only when it provably never reached the primary ({@link CallNotSent}), so that a write
 * that timed out half-way is never made a second time elsewhere.
 */
final class FailoverEngine {
    private FailoverEngine() {
    }

    static FaceEngine wrap(FaceEngine primary, FaceEngine failover, RequestMetrics metrics) {
        return (FaceEngine) Proxy.newProxyInstance(FaceEngine.class.getClassLoader(), new Class<?>[] {FaceEngine.class},
                (proxy, method, args) -> invoke(primary, failover, metrics, method, args));
    }

    private static Object invoke(FaceEngine primary, FaceEngine failover, RequestMetrics metrics, Method method, Object[] args)
            throws Throwable {
        try {
            return call(primary, method, args);
        } catch (FaceException.BackendUnavailable e) {
            EngineCall call = EngineCall.of(method).orElse(null);
            if (call == null || !(call.readOnly() || e.getCause() instanceof CallNotSent)) {
                throw e;
            }
            metrics.recordFailover(primary.name(), failover.name(), call.wireName());
            return call(failover, method, args);
        }
    }

    static Object call(FaceEngine engine, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(engine, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
