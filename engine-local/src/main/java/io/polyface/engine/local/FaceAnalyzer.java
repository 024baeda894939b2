package io.polyface.engine.local;

import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import java.util.List;
import java.util.Set;

/**
 * Turns an encoded image into faces with embeddings. The local engine's only view of the models,
 * so the store and index can be read and tested apart from them.
 *
 * <p>Implementations are thread-safe.
 */
public interface FaceAnalyzer extends AutoCloseable {

    /** The feature version of the embeddings this analyzer makes ("fr-feature-v1"). */
    String featureVersion();

    /**
     * All faces in the image, the main face first (largest box, ties broken by confidence); empty
     * when there is none.
     *
     * @throws io.polyface.spi.FaceException.UndecodableImage if the bytes are not a readable image
     * @throws io.polyface.spi.FaceException.ImageTooLarge if the image is over the size limits
     */
    List<DetectedFace> analyze(byte[] image);

    /**
     * All faces in the image, the main face first, each with the requested details (none computed
     * that were not requested). May look harder for small faces than {@link #analyze(byte[])}, which
     * serves enrolment and search of the main face and must stay fast.
     *
     * @throws io.polyface.spi.FaceException.UndecodableImage if the bytes are not a readable image
     * @throws io.polyface.spi.FaceException.ImageTooLarge if the image is over the size limits
     */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features);

    @Override
    void close();
}
