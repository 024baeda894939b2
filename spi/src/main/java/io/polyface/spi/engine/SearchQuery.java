package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A 1:N search.
 *
 * @param collections where to look, all in one tenant
 * @param topK the most hits to return
 * @param minScore raw cosine similarity below which hits are dropped
 * @param distinctTags at most one hit per tag (the best-scoring face of that tag)
 */
public record SearchQuery(List<CollectionRef> collections, Probe probe, int topK, double minScore, boolean distinctTags) {
    public SearchQuery {
        collections = List.copyOf(requireNonNull(collections, "collections is null"));
        requireNonNull(probe, "probe is null");
        if (collections.isEmpty()) {
            throw new IllegalArgumentException("no collection to search");
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be positive: " + topK);
        }
    }
}
