package io.polyface.engine.local;

import io.polyface.spi.engine.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds local engines on the fake analyzer for tests. */
final class LocalEngines {

    private LocalEngines() {
    }

    /** An engine on an embedded MongoDB keeping its file under {@code dataDirectory}. */
    static LocalFaceEngine embedded(Path dataDirectory) {
        return create(dataDirectory, Map.of());
    }

    static LocalFaceEngine create(Path dataDirectory, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        return new LocalFaceEngine(new EngineContext("local-test", all, dataDirectory, Clock.systemUTC()),
                new FakeFaceAnalyzer());
    }
}
