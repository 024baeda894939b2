package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static RouteRule rule(String dialect, String tenant, String collections, String engine, int weight) {
        return new RouteRule(dialect, Optional.ofNullable(tenant).map(Glob::of), Optional.ofNullable(collections).map(Glob::of),
                engine, weight, Optional.empty(), Optional.empty());
    }

    @Test
    void theFirstMatchingRuleDecidesAndTheRestGoToTheDefault() {
        RouteTable table = new RouteTable(List.of(
                rule("dmai", "acme", "vip-*", "fast", 1),
                rule("dmai", null, null, "remote", 1),
                rule("*", "beta?", null, "canary", 1)), "local");

        assertThat(table.select("dmai", "acme", Optional.of("vip-1")).engine()).isEqualTo("fast");
        assertThat(table.select("dmai", "acme", Optional.of("staff")).engine()).isEqualTo("remote");
        // A rule with a collection pattern does not take requests about no collection.
        assertThat(table.select("dmai", "acme", Optional.empty()).engine()).isEqualTo("remote");
        assertThat(table.select("qiniu", "beta1", Optional.empty()).engine()).isEqualTo("canary");
        assertThat(table.select("qiniu", "beta12", Optional.empty()).engine()).isEqualTo("local");
    }

    @Test
    void weightsShareCollectionsStickilyAndCallsWithoutOneAtRandom() {
        RouteTable table = new RouteTable(List.of(
                rule("dmai", null, null, "stable", 90),
                rule("dmai", null, null, "canary", 10)), "local");

        Map<String, Integer> byEngine = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            String engine = table.select("dmai", "t", Optional.of("c" + i)).engine();
            byEngine.merge(engine, 1, Integer::sum);
            // The same collection always lands on the same engine.
            assertThat(table.select("dmai", "t", Optional.of("c" + i)).engine()).isEqualTo(engine);
        }
        assertThat(byEngine.get("canary")).isBetween(130, 270);

        Map<String, Integer> free = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            free.merge(table.select("dmai", "t", Optional.empty()).engine(), 1, Integer::sum);
        }
        assertThat(free.get("canary")).isBetween(130, 270);
    }

    @Test
    void aWeightOfZeroTakesNothing() {
        RouteTable table = new RouteTable(List.of(
                rule("dmai", null, null, "stable", 1),
                rule("dmai", null, null, "off", 0)), "local");
        for (int i = 0; i < 200; i++) {
            assertThat(table.select("dmai", "t", Optional.of("c" + i)).engine()).isEqualTo("stable");
        }
    }
}
