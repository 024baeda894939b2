package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.engine.EngineInvocation;
import io.polyface.toolkit.engine.EngineOperation;
import io.polyface.toolkit.engine.ForwardingFaceEngine;

/**
 * The primary answers every call; a copy of each read in {@link ShadowComparator#SHADOWED} also
 * goes to the shadow, in the background, and the answers are compared. Writes reach the primary
 * only: a shadow never stores anything through routing.
 */
final class ShadowingEngine extends ForwardingFaceEngine {
    private final FaceEngine primary;
    private final FaceEngine shadow;
    private final ShadowRecorder recorder;
    private final ShadowRecorder.Origin origin;

    private ShadowingEngine(FaceEngine primary, FaceEngine shadow, ShadowRecorder recorder, ShadowRecorder.Origin origin) {
        this.primary = requireNonNull(primary, "primary is null");
        this.shadow = requireNonNull(shadow, "shadow is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.origin = requireNonNull(origin, "origin is null");
    }

    static FaceEngine wrap(FaceEngine primary, FaceEngine shadow, ShadowRecorder recorder, ShadowRecorder.Origin origin) {
        return new ShadowingEngine(primary, shadow, recorder, origin);
    }

    @Override
    protected FaceEngine delegate() {
        return primary;
    }

    @Override
    protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        if (!ShadowComparator.SHADOWED.contains(operation)) {
            return invocation.on(primary);
        }
        T result;
        try {
            result = invocation.on(primary);
        } catch (Throwable e) {
            recorder.submit(operation, invocation, primary, shadow, ShadowComparator.Answer.failed(e), origin);
            throw e;
        }
        recorder.submit(operation, invocation, primary, shadow, ShadowComparator.Answer.of(result), origin);
        return result;
    }
}
