package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a search looks for: a face in an image, a known embedding, or a face already stored. */
public sealed interface Probe {
    /**
     * The main face of an image, or the face in a region of it.
     *
     * @param region when present, the detected face that overlaps this box most (intersection over
     *     union of at least 0.3) is searched for, else the search fails with {@link
     *     io.polyface.spi.FaceException.NoFace}
     */
    record ImageProbe(byte[] image, Optional<BoundingBox> region) implements Probe {
        public ImageProbe {
            requireNonNull(image, "image is null");
            requireNonNull(region, "region is null");
        }

        public ImageProbe(byte[] image) {
            this(image, Optional.empty());
        }
    }

    record EmbeddingProbe(Embedding embedding) implements Probe {
        public EmbeddingProbe {
            requireNonNull(embedding, "embedding is null");
        }
    }

    /** A face stored in a collection of the same tenant, searched for with its stored embedding. */
    record StoredFaceProbe(CollectionRef collection, String faceId) implements Probe {
        public StoredFaceProbe {
            requireNonNull(collection, "collection is null");
            requireNonNull(faceId, "faceId is null");
        }
    }
}
