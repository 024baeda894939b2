package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The hits of a search, best first, and the probe face that was searched for (absent when the
 * probe was an embedding).
 */
public record SearchResult(Optional<DetectedFace> probeFace, List<SearchHit> hits) {
    public SearchResult {
        requireNonNull(probeFace, "probeFace is null");
        hits = List.copyOf(requireNonNull(hits, "hits is null"));
    }
}
