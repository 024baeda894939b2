package io.polyface.engine.local;

import io.polyface.engine.testing.FaceEngineContract;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local engine, as configuration makes it (real models, embedded MongoDB), on the engine
 * contract with every behaviour, searching labelled photos of three people.
 */
class LocalFaceEngineContractTest extends FaceEngineContract {
    private static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));

    @TempDir
    static Path data;

    private static FaceEngine engine;

    @BeforeAll
    static void start() {
        EngineProvider local = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("local")).findFirst().orElseThrow();
        engine = local.create(new EngineContext("local-contract", Map.of(), data, Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected FaceEngine engine() {
        return engine;
    }

    @Override
    protected byte[] photo(Person person) {
        String file = switch (person) {
            case ALICE -> "obama/facerec_obama.jpg";
            case BOB -> "biden/facerec_biden.jpg";
            case CAROL -> "angelina/deepface_img2.jpg";
        };
        try {
            return Files.readAllBytes(FACES.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
