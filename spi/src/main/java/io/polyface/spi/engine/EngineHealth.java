package io.polyface.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** Whether an engine can serve now, with a line per part (database, models, ...). */
public record EngineHealth(boolean ready, Map<String, String> details) {
    public EngineHealth {
        details = Map.copyOf(requireNonNull(details, "details is null"));
    }
}
