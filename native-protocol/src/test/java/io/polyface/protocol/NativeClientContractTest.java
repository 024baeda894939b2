package io.polyface.protocol;

import io.polyface.engine.testing.FaceEngineContract;
import io.polyface.engine.testing.InMemoryFaceEngine;
import io.polyface.spi.engine.FaceEngine;

/**
 * The native client on the engine contract, through the real encoder, server and decoder to an
 * in-memory engine (the HTTP transport left out): every behaviour of the engine behind it
 * survives the wire, failures included.
 */
class NativeClientContractTest extends FaceEngineContract {
    private final NativeClient client = new InProcessNativeClient(new NativeServer(InMemoryFaceEngine.create()));

    @Override
    protected FaceEngine engine() {
        return client;
    }
}
