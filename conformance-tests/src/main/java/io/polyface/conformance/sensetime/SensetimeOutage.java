package io.polyface.conformance.sensetime;

import io.polyface.conformance.Contract;
import io.polyface.conformance.DatabaseOutage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A gateway of its own, with one account, on a MongoDB wire server the test controls, so that the
 * store can be made unreachable (INTERNAL_ERROR). Emulator-only.
 */
final class SensetimeOutage implements AutoCloseable {
    private final DatabaseOutage outage;
    private final SensetimeCredentials credentials;

    private SensetimeOutage(DatabaseOutage outage, SensetimeCredentials credentials) {
        this.outage = outage;
        this.credentials = credentials;
    }

    /** Skipped against an external endpoint, whose database no test can stop. */
    static SensetimeOutage start(SensetimeEnvironment env) {
        SensetimeCredentials pair = new SensetimeCredentials("cf-outage", UUID.randomUUID().toString());
        DatabaseOutage outage = env.startOutage("polyface-sensetime-outage-", Duration.ofMillis(500), Map.of(
                "dialects.sensetime.accounts.0.api-id", pair.apiId(),
                "dialects.sensetime.accounts.0.api-secret", pair.apiSecret(),
                "dialects.sensetime.accounts.0.rate-limit", "100000q/10s"));
        return new SensetimeOutage(outage, pair);
    }

    SensetimeClient client(Contract contract) {
        return new SensetimeClient(outage.url("sensetime"), contract, credentials);
    }

    void stopDatabase() {
        outage.stopDatabase();
    }

    @Override
    public void close() {
        outage.close();
    }
}
