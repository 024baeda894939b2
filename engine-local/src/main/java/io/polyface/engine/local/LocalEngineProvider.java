package io.polyface.engine.local;

import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;

/**
 * Creates the local engine (type {@code local}): the ONNX face pipeline, a MongoDB store (embedded
 * unless {@code mongodb-uri} is set, see {@link LocalEngineSettings}) and in-memory vector indexes.
 */
public final class LocalEngineProvider implements EngineProvider {

    @Override
    public String type() {
        return "local";
    }

    @Override
    public FaceEngine create(EngineContext context) {
        // Models and options come from the pipeline's defaults; engine settings do not reach it yet.
        FaceAnalyzer analyzer = OnnxFacePipeline.open();
        try {
            return new LocalFaceEngine(context, analyzer);
        } catch (RuntimeException e) {
            // The engine would have owned the models; without it they are ours to release.
            analyzer.close();
            throw e;
        }
    }
}
