package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

/** One search result with its raw cosine similarity. */
public record SearchHit(StoredFace face, double score) {
    public SearchHit {
        requireNonNull(face, "face is null");
    }
}
