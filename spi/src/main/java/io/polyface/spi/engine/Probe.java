package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/** What a search looks for: the main face of an image, or a known embedding. */
public sealed interface Probe {
    record ImageProbe(byte[] image) implements Probe {
        public ImageProbe {
            requireNonNull(image, "image is null");
        }
    }

    record EmbeddingProbe(Embedding embedding) implements Probe {
        public EmbeddingProbe {
            requireNonNull(embedding, "embedding is null");
        }
    }
}
