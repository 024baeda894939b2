package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.toolkit.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the engines report, for the console: {@code /admin/console/engines} (health, the breaker of
 * a remote engine, feature versions) and {@code /admin/console/jobs} (feature jobs per tenant).
 * Read-only: nothing here changes an engine. A remote engine's calls go to its backend through its
 * breaker, so polling asks only engines that are up, and keeps their versions for a minute.
 */
final class ConsoleEngines {
    /** Where a remote engine's health names its Resilience4j breaker's state. */
    private static final String BREAKER = "breaker";
    static final String MIGRATION_NOTE = "Migrations run in 'polyface migrate', outside the gateway, which reports their"
            + " progress on its own output and checkpoint file; the gateway sees only the engines' feature jobs.";

    private static final Duration VERSIONS_KEPT = Duration.ofMinutes(1);

    /** An engine's feature versions as last read; a replaced engine (a reload) is read again. */
    private record Versions(FaceEngine engine, String current, List<FeatureVersion> all, Instant read) {
    }

    private final Supplier<List<FaceEngine>> engines;
    private final ConsoleSettings settings;
    private final Clock clock;
    private final Map<String, Versions> versions = new ConcurrentHashMap<>();

    ConsoleEngines(Supplier<List<FaceEngine>> engines, ConsoleSettings settings, Clock clock) {
        this.engines = requireNonNull(engines, "engines is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    ObjectNode engines() {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("engines");
        // By name: the registry keeps no order, and a stable one keeps the cards in place between polls.
        for (FaceEngine engine : engines.get().stream().sorted(Comparator.comparing(FaceEngine::name)).toList()) {
            ObjectNode node = list.addObject();
            node.put("name", engine.name());
            EngineHealth health = health(engine);
            node.put("ready", health.ready());
            Optional.ofNullable(health.details().get(BREAKER)).ifPresent(state -> node.put("breaker", state));
            ObjectNode details = node.putObject("details");
            health.details().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> details.put(e.getKey(), e.getValue()));
            try {
                versions(engine, health.ready()).ifPresent(known -> {
                    node.put("featureVersion", known.current());
                    ArrayNode versionList = node.putArray("featureVersions");
                    for (FeatureVersion version : known.all()) {
                        ObjectNode v = versionList.addObject().put("name", version.name()).put("description", version.description());
                        version.dimension().ifPresent(d -> v.put("dimension", d));
                    }
                });
            } catch (FaceException e) {
                node.put("versionsUnavailable", e.getMessage());
            }
        }
        return root;
    }

    /** The versions read within the last minute, else read now; an engine that is down is not asked. */
    private Optional<Versions> versions(FaceEngine engine, boolean ready) {
        Versions known = versions.get(engine.name());
        boolean same = known != null && known.engine() == engine;
        if (same && (!ready || known.read().plus(VERSIONS_KEPT).isAfter(clock.instant()))) {
            return Optional.of(known);
        }
        if (!ready) {
            return Optional.empty();
        }
        Versions read = new Versions(engine, engine.featureVersion(), List.copyOf(engine.featureVersions()), clock.instant());
        versions.put(engine.name(), read);
        return Optional.of(read);
    }

    ObjectNode jobs() {
        ObjectNode root = Json.object();
        root.put("migration", MIGRATION_NOTE);
        settings.tenants().forEach(root.putArray("tenants")::add);
        ArrayNode jobs = root.putArray("jobs");
        ArrayNode unavailable = root.putArray("unavailable");
        for (FaceEngine engine : engines.get()) {
            if (!health(engine).ready()) {
                unavailable.addObject().put("engine", engine.name()).put("error", "the engine is down; its jobs were not asked for");
                continue;
            }
            for (String tenant : settings.tenants()) {
                try {
                    engine.featureJobs(tenant).forEach(job -> describe(jobs.addObject(), engine.name(), job));
                } catch (FaceException e) {
                    unavailable.addObject().put("engine", engine.name()).put("tenant", tenant).put("error", e.getMessage());
                }
            }
        }
        return root;
    }

    private static void describe(ObjectNode node, String engine, FeatureJob job) {
        node.put("engine", engine);
        node.put("tenant", job.collection().tenant());
        node.put("collection", job.collection().name());
        node.put("id", job.id());
        node.put("from", job.fromVersion());
        node.put("to", job.toVersion());
        node.put("status", job.status().name());
        node.put("total", job.total());
        node.put("done", job.done());
        node.put("failed", job.failed());
        node.put("startedAt", job.startedAt().toString());
        job.finishedAt().ifPresent(t -> node.put("finishedAt", t.toString()));
        job.error().ifPresent(e -> node.put("error", e));
    }

    /** An engine whose health check itself fails is shown as down with the reason, not as an error page. */
    private static EngineHealth health(FaceEngine engine) {
        try {
            return engine.health();
        } catch (RuntimeException e) {
            return new EngineHealth(false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
