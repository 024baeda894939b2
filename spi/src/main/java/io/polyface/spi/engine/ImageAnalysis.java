package io.polyface.spi.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The part of a {@link FaceEngine} that looks at images: finding, describing and comparing faces, and keeping images. */
public interface ImageAnalysis extends EngineCapability {

    /**
     * All faces in an image, the main face first: the largest box, ties broken by confidence. An
     * image without a face gives an empty list.
     */
    List<DetectedFace> detect(byte[] image);

    /**
     * All faces in an image, the main face first (as {@link #detect}), each with the requested
     * details; parts not requested stay empty and cost nothing. An engine may look harder for small
     * faces here than when it enrols the main face of an image (the local engine adds a pass on
     * tiles of large images).
     */
    List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features);

    /** Compares the main faces of two images. */
    CompareResult compare(byte[] first, byte[] second);

    /** Keeps an image and returns its id. */
    String storeImage(String tenant, byte[] image);

    Optional<byte[]> image(String tenant, String imageId);
}
