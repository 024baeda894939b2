package io.polyface.toolkit.engine;

import io.polyface.spi.engine.FaceEngine;

/**
 * One call with its arguments bound, to be made on an engine: what {@link
 * ForwardingFaceEngine#forward} receives, so that a decorator can make the same call on the
 * delegate, on another engine, or again.
 *
 * @param <T> the call's result; {@code Void} (always null) for a call that returns nothing
 */
@FunctionalInterface
public interface EngineInvocation<T> {
    T on(FaceEngine engine);
}
