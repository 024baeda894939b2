package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.FaceEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What the FacePass operations share: the engine (one for the tenant: faces are copied between the
 * pool and the groups, so they must live on one engine), the tenant, the clock and the groups.
 */
record FacepassRuntime(Supplier<FaceEngine> engines, String tenant, Clock clock, FacepassGroups groups) {
    FacepassRuntime {
        requireNonNull(engines, "engines is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(groups, "groups is null");
    }

    FaceEngine engine() {
        return engines.get();
    }

    /** The thresholds in force: the last ones /service/config set, else the recommended ones. */
    FacepassThresholds thresholds() {
        return engine().record(tenant, FacepassThresholds.RECORD_KIND, FacepassThresholds.RECORD_KEY)
                .map(FacepassThresholds::fromJson).orElse(FacepassThresholds.DEFAULTS);
    }

    /** A FacePass operation: a request and the instant it arrived. */
    @FunctionalInterface
    interface Handler {
        DialectResponse handle(DialectRequest request, Instant received);
    }
}
