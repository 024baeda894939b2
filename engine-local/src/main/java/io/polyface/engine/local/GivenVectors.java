package io.polyface.engine.local;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.Resource;
import io.polyface.spi.engine.VectorFace;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks a batch of faces given as vectors before anything of it is written: ids well formed and
 * each given once, every vector of the collection's dimension and finite (a NaN would make every
 * score it touches meaningless). Vectors are otherwise taken as given: not normalised.
 */
final class GivenVectors {
    private GivenVectors() {
    }

    /**
     * @param dimension the collection's, when known; else the batch's vectors must agree among
     *     themselves
     */
    static void check(List<VectorFace> faces, OptionalInt dimension) {
        Set<String> ids = new HashSet<>();
        int expected = dimension.orElse(faces.isEmpty() ? 0 : faces.getFirst().vector().length);
        for (VectorFace face : faces) {
            FaceAnalysis.checkFaceId(face.faceId());
            if (!ids.add(face.faceId())) {
                throw new FaceException.AlreadyExists(Resource.FACE, face.faceId());
            }
            float[] vector = face.vector();
            if (vector.length != expected || vector.length == 0) {
                throw new FaceException.InvalidArgument("vector", "face " + face.faceId() + " has a vector of "
                        + vector.length + " values; the collection's have " + expected);
            }
            for (float value : vector) {
                if (!Float.isFinite(value)) {
                    throw new FaceException.InvalidArgument("vector", "face " + face.faceId() + " has a value that is not finite");
                }
            }
        }
    }

    /** How many of the batch go to each tag. */
    static Map<String, Long> perTag(List<VectorFace> faces) {
        Map<String, Long> counts = new HashMap<>();
        faces.forEach(f -> counts.merge(f.tag(), 1L, Long::sum));
        return counts;
    }
}
