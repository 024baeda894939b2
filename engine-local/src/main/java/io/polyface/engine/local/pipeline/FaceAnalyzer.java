package io.polyface.engine.local.pipeline;

import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FeatureVersion;
import java.util.List;
import java.util.Set;

/**
 * Turns an encoded image into faces with embeddings. The local engine's only view of the models,
 * so the store and index can be read and tested apart from them.
 *
 * <p>Implementations are thread-safe.
 */
public interface FaceAnalyzer extends AutoCloseable {

    /** The feature version new collections get ("fr-feature-v1"). */
    String featureVersion();

    /** Every feature version this analyzer can make, the default one first. */
    List<FeatureVersion> featureVersions();

    /**
     * All faces in the image, the main face first (largest box, ties broken by confidence), with
     * embeddings of the given feature version; empty when there is none.
     *
     * @throws io.polyface.spi.FaceException.UndecodableImage if the bytes are not a readable image
     * @throws io.polyface.spi.FaceException.ImageTooLarge if the image is over the size limits
     * @throws IllegalArgumentException if the version is not one of {@link #featureVersions()}
     */
    List<DetectedFace> analyze(byte[] image, String featureVersion);

    /**
     * All faces in the image, the main face first, each with the requested details (none computed
     * that were not requested) and embeddings of the given feature version. May look harder for
     * small faces than {@link #analyze(byte[], String)}, which serves enrolment and search of the
     * main face and must stay fast.
     *
     * @throws io.polyface.spi.FaceException.UndecodableImage if the bytes are not a readable image
     * @throws io.polyface.spi.FaceException.ImageTooLarge if the image is over the size limits
     * @throws IllegalArgumentException if the version is not one of {@link #featureVersions()}
     */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features, String featureVersion);

    /** {@link #analyze(byte[], String)} in the default feature version. */
    default List<DetectedFace> analyze(byte[] image) {
        return analyze(image, featureVersion());
    }

    /** {@link #analyze(byte[], Set, String)} in the default feature version. */
    default List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        return analyze(image, features, featureVersion());
    }

    /** Whether this analyzer can make embeddings of a version. */
    default boolean supports(String version) {
        return featureVersions().stream().anyMatch(v -> v.name().equals(version));
    }

    @Override
    void close();
}
