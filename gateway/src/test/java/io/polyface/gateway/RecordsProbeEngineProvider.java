package io.polyface.gateway;

import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.RecordStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code type: records-probe}: a {@link FakeEngineProvider} engine that notes the records store the
 * gateway gave it, as a remote engine passes it on to its connector.
 */
public final class RecordsProbeEngineProvider implements EngineProvider {
    private static final Map<String, Optional<RecordStore>> GIVEN = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "records-probe";
    }

    @Override
    public FaceEngine create(EngineContext context) {
        GIVEN.put(context.setting("probe").orElse(context.name()), context.records());
        return new FakeEngineProvider().create(context);
    }

    /** The records store the engine with this {@code probe} setting was given when it last started. */
    static Optional<RecordStore> given(String probe) {
        return GIVEN.getOrDefault(probe, Optional.empty());
    }
}
