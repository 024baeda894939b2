package io.polyface.toolkit.engine;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.FaceEngine;

/**
 * The base of a hand-written fake engine for a dialect's tests: every call the fake does not
 * override fails the test, so a route that must not reach the engine proves it did not.
 */
public class StrictFakeEngine extends ForwardingFaceEngine {
    private final String name;

    /** @param name the engine's name, which failures of an unexpected call show */
    public StrictFakeEngine(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    @Override
    protected final FaceEngine delegate() {
        throw new AssertionError("the fake engine " + name + " has no delegate");
    }

    @Override
    protected final <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
        throw new AssertionError("unexpected call of the fake engine " + name + ": " + operation);
    }

    @Override
    public final String name() {
        return name;
    }
}
