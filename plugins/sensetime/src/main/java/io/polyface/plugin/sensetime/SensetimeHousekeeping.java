package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a tenant's clean-up of expired state (images, tasks) is due on this node: at most once a
 * period per tenant. Thread-safe; two calls at the same moment may both find it due, which a
 * clean-up allows.
 */
final class SensetimeHousekeeping {
    private final Duration every;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    SensetimeHousekeeping(Duration every) {
        this.every = requireNonNull(every, "every is null");
    }

    /** True, and the period started again, when the tenant had no clean-up here within the period. */
    boolean due(String tenant, Instant now) {
        Instant previous = last.get(tenant);
        if (previous != null && now.isBefore(previous.plus(every))) {
            return false;
        }
        last.put(tenant, now);
        return true;
    }
}
