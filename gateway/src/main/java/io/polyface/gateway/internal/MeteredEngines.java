package io.polyface.gateway.internal;

import io.polyface.spi.engine.FaceEngine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Wraps an engine so that every SPI call is timed in the metrics. A dynamic proxy keeps this in
 * step with {@link FaceEngine} as the SPI grows, without a hand-written delegate per method.
 */
public final class MeteredEngines {
    private static final Set<String> UNMETERED = Set.of("name", "featureVersion", "close", "toString", "hashCode", "equals");

    private MeteredEngines() {
    }

    public static FaceEngine wrap(FaceEngine engine, RequestMetrics metrics) {
        InvocationHandler handler = (proxy, method, args) -> invoke(engine, metrics, method, args);
        return (FaceEngine) Proxy.newProxyInstance(
                FaceEngine.class.getClassLoader(), new Class<?>[] {FaceEngine.class}, handler);
    }

    private static Object invoke(FaceEngine engine, RequestMetrics metrics, Method method, Object[] args)
            throws Throwable {
        if (UNMETERED.contains(method.getName())) {
            return call(engine, method, args);
        }
        long started = System.nanoTime();
        boolean failed = true;
        try {
            Object result = call(engine, method, args);
            failed = false;
            return result;
        } finally {
            metrics.recordEngineCall(engine.name(), method.getName(), failed, System.nanoTime() - started);
        }
    }

    private static Object call(FaceEngine engine, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(engine, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
