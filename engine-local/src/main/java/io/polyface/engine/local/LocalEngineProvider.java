package io.polyface.engine.local;

import io.polyface.engine.local.pipeline.FaceAnalyzer;
import io.polyface.engine.local.pipeline.ModelStore;
import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.engine.local.store.LocalEngineSettings;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.settings.Setting;
import io.polyface.toolkit.settings.Settings;
import java.util.Optional;

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
        AnalysisKeys keys = Settings.bind(context, AnalysisKeys.class);
        OnnxFacePipeline.Options options = OnnxFacePipeline.Options.defaults();
        options = options.withIntraOpThreads(keys.analysisThreads().orElse(options.intraOpThreads()));
        options = options.withConfidenceThreshold(keys.detectionThreshold().orElse(options.confidenceThreshold()));
        options = options.withMinFaceSize(keys.minFaceSize().orElse(options.minFaceSize()));
        options = options.withTileMinScale(keys.detectionTileScale().orElse(options.tileMinScale()));
        return options.withLimits(keys.maxImageBytes().orElse(options.maxImageBytes()),
                keys.maxImagePixels().orElse(options.maxImagePixels()));
    }

    /** The analysis keys as configured; absent ones keep the pipeline's defaults, some of which depend on the machine. */
    record AnalysisKeys(
            @Setting(key = "analysis-threads") Optional<Integer> analysisThreads,
            @Setting(key = "detection-threshold") Optional<Double> detectionThreshold,
            @Setting(key = "min-face-size") Optional<Double> minFaceSize,
            @Setting(key = "detection-tile-scale") Optional<Double> detectionTileScale,
            @Setting(key = "max-image-bytes") Optional<Long> maxImageBytes,
            @Setting(key = "max-image-pixels") Optional<Long> maxImagePixels) {
    }
}
