package io.polyface.engine.local;

import io.polyface.spi.engine.CollectionRef;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of one local engine on the embedded store, opened once per test class, where each test
 * works in a tenant of its own (named after it) with a {@code people} collection ref.
 */
abstract class EmbeddedEngineTestBase {
    private static final AtomicInteger TENANTS = new AtomicInteger();

    @TempDir
    static Path dataDirectory;

    static LocalFaceEngine engine;

    String tenant;
    CollectionRef people;

    @BeforeAll
    static void start() {
        engine = LocalEngines.embedded(dataDirectory);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void newTenant(TestInfo test) {
        tenant = "tenant-" + TENANTS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName();
        people = new CollectionRef(tenant, "people");
    }
}
