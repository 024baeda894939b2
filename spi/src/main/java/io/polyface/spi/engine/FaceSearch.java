package io.polyface.spi.engine;

import io.polyface.spi.FaceException;

/** The part of a {@link FaceEngine} that finds the stored faces most like a probe. */
public interface FaceSearch extends EngineCapability {

    /**
     * Searches one or several collections of one tenant, best hits first, scores descending.
     *
     * @throws FaceException.NoFace if the probe image has no face
     */
    SearchResult search(SearchQuery query);
}
