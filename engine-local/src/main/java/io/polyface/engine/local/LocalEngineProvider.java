package io.polyface.engine.local;

import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.engine.local.pipeline.ModelStore;
import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.engine.local.store.LocalEngineSettings;
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

    /** The incubating module the vector indexes compute with; no manifest entry can add it. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override
    public FaceEngine create(EngineContext context) {
        requireVectorApi(ModuleLayer.boot());
        FaceAnalyzer analyzer = OnnxFacePipeline.open(ModelStore.ensureDefault(), analysisOptions(context));
        try {
            return new LocalFaceEngine(context, analyzer);
        } catch (RuntimeException e) {
            // The engine would have owned the models; without it they are ours to release.
            analyzer.close();
            throw e;
        }
    }

    /**
     * Fails start-up with the flag to add when the JVM runs without the Vector API, rather than
     * with a NoClassDefFoundError at the first search.
     *
     * @throws IllegalStateException if the module is not in the layer
     */
    static void requireVectorApi(ModuleLayer layer) {
        if (layer.findModule(VECTOR_MODULE).isEmpty()) {
            throw new IllegalStateException("the local engine searches with the Java Vector API, which this JVM was"
                    + " started without: start it with --add-modules " + VECTOR_MODULE
                    + " (java --add-modules " + VECTOR_MODULE + " -jar polyface.jar serve ...)");
        }
    }

    /**
     * Analysis settings: {@code analysis-threads}, {@code detection-threshold}, {@code min-face-size}
     * (pixels), {@code max-image-bytes}, {@code max-image-pixels} and {@code detection-tile-scale}
     * (how many times the detector input an image must be for face detection requests to add a pass
     * on tiles; 0 turns it off); absent ones keep the defaults.
     */
    static OnnxFacePipeline.Options analysisOptions(EngineContext context) {
        OnnxFacePipeline.Options options = OnnxFacePipeline.Options.defaults();
        options = options.withIntraOpThreads(
                context.setting("analysis-threads").map(Integer::parseInt).orElse(options.intraOpThreads()));
        options = options.withConfidenceThreshold(
                context.setting("detection-threshold").map(Double::parseDouble).orElse(options.confidenceThreshold()));
        options = options.withMinFaceSize(
                context.setting("min-face-size").map(Double::parseDouble).orElse(options.minFaceSize()));
        options = options.withTileMinScale(
                context.setting("detection-tile-scale").map(Double::parseDouble).orElse(options.tileMinScale()));
        return options.withLimits(
                context.setting("max-image-bytes").map(Long::parseLong).orElse(options.maxImageBytes()),
                context.setting("max-image-pixels").map(Long::parseLong).orElse(options.maxImagePixels()));
    }
}
