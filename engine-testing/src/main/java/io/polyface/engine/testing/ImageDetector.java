package io.polyface.engine.testing;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import java.util.List;
import java.util.Set;

/**
 * What {@link InMemoryFaceEngine} "sees" in an image it was not told about: a deterministic rule
 * instead of a model, so that a test knows which faces an image holds and how alike they are.
 */
@FunctionalInterface
public interface ImageDetector {
    /**
     * The faces of an image, the main face first; empty when it has none.
     *
     * @param features the details asked for; a detector may leave out what it cannot make up
     * @throws io.polyface.spi.FaceException.UndecodableImage if the rule cannot read the image
     */
    List<DetectedFace> detect(byte[] image, Set<FaceFeature> features);

    /** Reads the pictures {@link TestPictures} draws: one face per picture, its colour the person. */
    static ImageDetector pictures() {
        return TestPictures::detect;
    }

    /** Sees no face in any image: only the faces a test registers ({@link InMemoryFaceEngine#faces}) exist. */
    static ImageDetector nothing() {
        return (image, features) -> List.of();
    }

    /** Sees the same one face in every byte string, image or not. */
    static ImageDetector everyImageHolds(DetectedFace face) {
        requireNonNull(face, "face is null");
        return (image, features) -> List.of(face);
    }
}
