package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The routes in force: the first rule that matches a request decides, together with the rules
 * right after it that take the same requests (a canary); requests no rule takes go to the default
 * engine. Immutable; a reload builds a new table.
 *
 * <p>Weighted choices are sticky per collection: a collection's reads and writes all go to the
 * same engine, chosen by a hash of tenant and collection name, so that a canary never splits one
 * collection's faces between two engines. Calls about no collection (1:1 compare, detection) are
 * shared at random.
 */
public record RouteTable(List<RouteRule> rules, String defaultEngine) {
    public RouteTable {
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        requireNonNull(defaultEngine, "defaultEngine is null");
    }

    /** The rule that takes a request; a rule of the default engine when none does. */
    public RouteRule select(String dialect, String tenant, Optional<String> collection) {
        for (int i = 0; i < rules.size(); i++) {
            RouteRule first = rules.get(i);
            if (!first.matches(dialect, tenant, collection)) {
                continue;
            }
            List<RouteRule> group = new ArrayList<>();
            for (int j = i; j < rules.size(); j++) {
                if (rules.get(j).sameSelector(first)) {
                    group.add(rules.get(j));
                }
            }
            return group.size() == 1 ? first : weighted(group, tenant, collection);
        }
        return new RouteRule("*", Optional.empty(), Optional.empty(), defaultEngine, 1, Optional.empty(), Optional.empty());
    }

    private static RouteRule weighted(List<RouteRule> group, String tenant, Optional<String> collection) {
        long total = group.stream().mapToLong(RouteRule::weight).sum();
        if (total == 0) {
            return group.get(0);
        }
        long pick = collection.map(c -> stableHash(tenant + "/" + c) % total)
                .orElseGet(() -> ThreadLocalRandom.current().nextLong(total));
        for (RouteRule rule : group) {
            pick -= rule.weight();
            if (pick < 0) {
                return rule;
            }
        }
        return group.get(group.size() - 1);
    }

    private static long stableHash(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
