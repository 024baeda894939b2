package io.polyface.gateway.internal;

import io.polyface.protocol.EngineCall;
import io.polyface.spi.engine.FaceEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The primary answers every call; a copy of each read in {@link ShadowComparator#SHADOWED} also
 * goes to the shadow, in the background, and the answers are compared. Writes reach the primary
 * only: a shadow never stores anything through routing.
 */
final class ShadowingEngine {
    private ShadowingEngine() {
    }

    static FaceEngine wrap(FaceEngine primary, FaceEngine shadow, ShadowRecorder recorder, ShadowRecorder.Origin origin) {
        return (FaceEngine) Proxy.newProxyInstance(FaceEngine.class.getClassLoader(), new Class<?>[] {FaceEngine.class},
                (proxy, method, args) -> invoke(primary, shadow, recorder, origin, method, args));
    }

    private static Object invoke(FaceEngine primary, FaceEngine shadow, ShadowRecorder recorder, ShadowRecorder.Origin origin,
            Method method, Object[] args) throws Throwable {
        EngineCall call = EngineCall.of(method).filter(ShadowComparator.SHADOWED::contains).orElse(null);
        if (call == null) {
            return FailoverEngine.call(primary, method, args);
        }
        Object result;
        try {
            result = FailoverEngine.call(primary, method, args);
        } catch (Throwable e) {
            recorder.submit(call, method, args, primary, shadow, ShadowComparator.Answer.failed(e), origin);
            throw e;
        }
        recorder.submit(call, method, args, primary, shadow, ShadowComparator.Answer.of(result), origin);
        return result;
    }
}
