package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One entry of {@code routes:}: which requests it takes and where they go.
 *
 * @param dialect the dialect id, or {@code *}
 * @param tenant a tenant pattern; any tenant when absent
 * @param collections a collection-name pattern; when present, requests about no collection do not match
 * @param engine the primary engine
 * @param weight this rule's share among the rules with the same dialect, tenant and collections
 * @param shadow an engine that gets a copy of read-only calls, its answers compared with the primary's
 * @param failover an engine that answers when the primary is unavailable
 */
public record RouteRule(String dialect, Optional<Glob> tenant, Optional<Glob> collections, String engine, int weight,
        Optional<String> shadow, Optional<String> failover) {

    public RouteRule {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(collections, "collections is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(shadow, "shadow is null");
        requireNonNull(failover, "failover is null");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
    }

    boolean matches(String requestDialect, String requestTenant, Optional<String> collection) {
        if (!dialect.equals("*") && !dialect.equals(requestDialect)) {
            return false;
        }
        if (tenant.isPresent() && !tenant.get().matches(requestTenant)) {
            return false;
        }
        return collections.isEmpty() || collection.map(c -> collections.get().matches(c)).orElse(false);
    }

    /** Whether two rules take the same requests, and so share them by weight. */
    boolean sameSelector(RouteRule other) {
        return dialect.equals(other.dialect)
                && tenant.map(Glob::pattern).equals(other.tenant.map(Glob::pattern))
                && collections.map(Glob::pattern).equals(other.collections.map(Glob::pattern));
    }
}
