package io.polyface.toolkit.dialect;

import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import java.time.Clock;
import java.util.Map;

/** What a dialect's tests build it on, and find in it: contexts that fail the test on what it must not reach, operations by name. */
public final class DialectFixtures {
    private DialectFixtures() {
    }

    /** A context without settings whose engines and downloads fail the test: for rendering and routing alone. */
    public static DialectContext offline(String defaultTenant) {
        return new DialectContext((dialect, tenant, collection) -> {
            throw new AssertionError("the test needs no engine");
        }, Map.of(), defaultTenant, Clock.systemUTC(), (url, timeout) -> {
            throw new AssertionError("the test downloads nothing");
        });
    }

    /** A context without settings whose every engine is {@code engine} and whose downloads fail the test. */
    public static DialectContext on(FaceEngine engine, String defaultTenant) {
        return new DialectContext((dialect, tenant, collection) -> engine, Map.of(), defaultTenant, Clock.systemUTC(), (url, timeout) -> {
            throw new AssertionError("the test downloads nothing");
        });
    }

    /** The dialect's operation of that name. */
    public static Operation operation(Dialect dialect, String name) {
        return dialect.operations().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + name));
    }
}
