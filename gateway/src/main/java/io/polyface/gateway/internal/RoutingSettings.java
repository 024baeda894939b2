package io.polyface.gateway.internal;

import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code routes:} and {@code routing.default-engine} into a {@link RouteTable}, checking every engine name. */
public final class RoutingSettings {
    private RoutingSettings() {
    }

    public static RouteTable table(Config root, Set<String> engines) {
        String defaultEngine = root.get("routing.default-engine").asString().orElse("local");
        check(engines, defaultEngine, "routing.default-engine");
        List<RouteRule> rules = new ArrayList<>();
        List<Config> nodes = root.get("routes").asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            Config node = nodes.get(i);
            String where = "routes[" + i + "]";
            String dialect = node.get("dialect").asString().orElseThrow(() -> new StartupException(
                    where + " has no dialect; name one, or '*' for every dialect."));
            String engine = node.get("engine").asString().orElseThrow(() -> new StartupException(where + " has no engine."));
            check(engines, engine, where + ".engine");
            Optional<String> shadow = node.get("shadow").asString().asOptional();
            Optional<String> failover = node.get("failover").asString().asOptional();
            shadow.ifPresent(s -> check(engines, s, where + ".shadow"));
            failover.ifPresent(f -> check(engines, f, where + ".failover"));
            if (shadow.isPresent() && shadow.get().equals(engine)) {
                throw new StartupException(where + " shadows engine '" + engine + "' with itself.");
            }
            int weight = node.get("weight").asInt().orElse(1);
            if (weight < 0) {
                throw new StartupException(where + ".weight must not be negative.");
            }
            rules.add(new RouteRule(dialect,
                    node.get("tenant").asString().asOptional().map(Glob::of),
                    node.get("collections").asString().asOptional().map(Glob::of),
                    engine, weight, shadow, failover));
        }
        return new RouteTable(rules, defaultEngine);
    }

    private static void check(Set<String> engines, String name, String key) {
        if (!engines.contains(name)) {
            throw new StartupException(key + " names engine '" + name + "', but the engines running are " + engines + ".");
        }
    }
}
