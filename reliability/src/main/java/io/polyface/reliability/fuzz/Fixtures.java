package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Values that name real objects on the gateway under test (a collection, a group, a face id), so
 * that valid requests reach the operations' work rather than their "not found": first each
 * dialect's {@link SetupPlan} values, then the ids {@link FuzzSetup} captures. Fields without one
 * are sampled from the schema. Thread-safe.
 */
public final class Fixtures {
    private final Map<Dialect, SetupPlan> plans;
    private final Map<Dialect, Map<String, JsonNode>> values = new HashMap<>();

    private Fixtures(Map<Dialect, SetupPlan> plans) {
        this.plans = Map.copyOf(plans);
        this.plans.forEach((dialect, plan) -> values.put(dialect, new HashMap<>(plan.values())));
    }

    /** The fixtures of the contracts' set-up plans. */
    public static Fixtures of(Iterable<ContractDocument> contracts) {
        Map<Dialect, SetupPlan> plans = new HashMap<>();
        contracts.forEach(contract -> plans.put(contract.dialect(), contract.setupPlan()));
        return new Fixtures(plans);
    }

    public void put(Dialect dialect, String field, JsonNode value) {
        requireNonNull(value, "value is null");
        synchronized (values) {
            values.computeIfAbsent(dialect, d -> new HashMap<>()).put(field, value);
        }
    }

    /** The value recorded for a field of a dialect's requests, if any. */
    public Optional<JsonNode> value(Dialect dialect, String field) {
        synchronized (values) {
            return Optional.ofNullable(values.getOrDefault(dialect, Map.of()).get(field));
        }
    }

    /**
     * The value of a field or path parameter of the dialect's operation at this path: the plan's
     * for that path, else the field's.
     */
    public Optional<JsonNode> value(Dialect dialect, String pathTemplate, String field) {
        SetupPlan plan = plans.get(dialect);
        Optional<JsonNode> byPath = plan == null ? Optional.empty() : plan.valueAt(pathTemplate, field);
        return byPath.or(() -> value(dialect, field));
    }
}
