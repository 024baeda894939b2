package io.polyface.spi.engine;

import io.polyface.spi.FaceException;
import java.util.List;

/**
 * The one interface every engine implements, local or remote. Dialects translate their vendor's
 * requests onto these calls and render the results; nothing here speaks a vendor's words.
 *
 * <p>It is made of capabilities, one job each: {@link ImageAnalysis}, {@link
 * CollectionManagement}, {@link FaceManagement}, {@link FaceSearch}, {@link FeatureUpgrades} and
 * {@link TenantData}. Optional calls are defaults that throw {@link #unsupported}, so an engine
 * implements what it can and says once ({@link EngineCapability#unsupported}) how it names what it
 * lacks.
 *
 * <p>Every method may throw {@link FaceException}: {@link FaceException.BackendUnavailable} when
 * the store or a remote backend cannot be reached, {@link FaceException.NotFound} for unknown
 * collections, and image failures ({@link FaceException.UndecodableImage}, {@link
 * FaceException.NoFace}, {@link FaceException.ImageTooLarge}) wherever an image is taken.
 *
 * <p>Implementations are thread-safe.
 */
public interface FaceEngine extends ImageAnalysis, CollectionManagement, FaceManagement, FaceSearch, FeatureUpgrades,
        TenantData, AutoCloseable {

    /** The engine's name in configuration. */
    String name();

    /** The feature version new collections get when their spec names none. */
    String featureVersion();

    /** Every feature version this engine can extract, the current one included. */
    List<FeatureVersion> featureVersions();

    EngineHealth health();

    /** Releases the engine's resources. */
    @Override
    void close();
}
