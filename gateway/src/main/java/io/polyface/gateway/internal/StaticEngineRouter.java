package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.EngineRouter;
import io.polyface.spi.engine.FaceEngine;
import java.util.Optional;

/** Sends every request to one engine. */
public final class StaticEngineRouter implements EngineRouter {
    private final FaceEngine engine;

    public StaticEngineRouter(FaceEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    @Override
    public FaceEngine engineFor(String dialect, String tenant, Optional<String> collection) {
        return engine;
    }
}
