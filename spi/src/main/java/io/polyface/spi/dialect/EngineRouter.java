package io.polyface.spi.dialect;

import io.polyface.spi.engine.FaceEngine;
import java.util.Optional;

/** Picks the engine that answers a request. Dialects never hold an engine of their own. */
public interface EngineRouter {
    /**
     * @param dialect the dialect asking
     * @param tenant the tenant the request acts for
     * @param collection the collection it is about, if any
     */
    FaceEngine engineFor(String dialect, String tenant, Optional<String> collection);
}
