package io.polyface.spi.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a {@link FaceEngine} that looks at images: finding, describing and comparing faces, and
 * keeping images. Each is optional: an engine backed by an API without it leaves it out.
 */
public interface ImageAnalysis extends EngineCapability {

    /**
     * All faces in an image, the main face first: the largest box, ties broken by confidence. An
     * image without a face gives an empty list.
     */
    default List<DetectedFace> detect(byte[] image) {
        throw unsupported("face detection");
    }

    /**
     * All faces in an image, the main face first (as {@link #detect}), each with the requested
     * details; parts not requested stay empty and cost nothing. An engine may look harder for small
     * faces here than when it enrols the main face of an image (the local engine adds a pass on
     * tiles of large images).
     */
    default List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        throw unsupported("face analysis");
    }

    /** Compares the main faces of two images. */
    default CompareResult compare(byte[] first, byte[] second) {
        throw unsupported("1:1 comparison of two images");
    }

    /** Keeps an image and returns its id. */
    default String storeImage(String tenant, byte[] image) {
        throw unsupported("image storage");
    }

    Optional<byte[]> image(String tenant, String imageId);
}
