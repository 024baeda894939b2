package io.polyface.engine.testing;

import io.polyface.spi.engine.FaceEngine;

/** The in-memory engine has every behaviour of the contract. */
class InMemoryFaceEngineContractTest extends FaceEngineContract {
    private final InMemoryFaceEngine engine = InMemoryFaceEngine.create();

    @Override
    protected FaceEngine engine() {
        return engine;
    }
}
