package io.polyface.gateway.internal;

import io.helidon.config.Config;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.RecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engines of {@code engines:}, each started by the provider of its {@code type} and timed by
 * {@link MeteredEngine}. An engine with {@code enabled: false} is not started. On a configuration
 * reload, engines whose settings are unchanged stay as they are, new ones start, and changed or
 * removed ones are replaced and closed after a grace period, so that calls in flight finish. An
 * engine without a database of its own gets another's records (see {@link #recordsEngine}).
 *
 * <p>Thread-safe: readers see one consistent map at a time.
 */
public final class EngineRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EngineRegistry.class.getName());
    private static final Duration GRACE = Duration.ofSeconds(30);

    private record Running(FaceEngine engine, Map<String, String> settings) {
    }

    private final Path dataDirectory;
    private final RequestMetrics metrics;
    private final Map<String, EngineProvider> providers;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("polyface-engine-closer").factory());
    private volatile Map<String, Running> engines = Map.of();
    /** Replaced engines waiting for their grace period to end. */
    private final Set<FaceEngine> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private EngineRegistry(Path dataDirectory, RequestMetrics metrics) {
        this.dataDirectory = dataDirectory;
        this.metrics = metrics;
        this.providers = Plugins.discover(EngineProvider.class, EngineProvider::type);
    }

    /** Starts every enabled engine; on any failure the ones already started are closed. */
    public static EngineRegistry start(Config enginesConfig, Path dataDirectory, RequestMetrics metrics) {
        EngineRegistry registry = new EngineRegistry(dataDirectory, metrics);
        registry.reconcile(enginesConfig);
        if (registry.engines.isEmpty()) {
            registry.close();
            throw new StartupException("No engine is configured; add one under 'engines'.");
        }
        return registry;
    }

    public Optional<FaceEngine> engine(String name) {
        return Optional.ofNullable(engines.get(name)).map(Running::engine);
    }

    public Set<String> names() {
        return engines.keySet();
    }

    /** The configured type of a running engine ({@code local}, {@code remote}, ...). */
    public Optional<String> type(String name) {
        return Optional.ofNullable(engines.get(name)).map(r -> r.settings().getOrDefault("type", ""));
    }

    public List<FaceEngine> all() {
        return engines.values().stream().map(Running::engine).toList();
    }

    /**
     * Brings the running engines in line with a (new) {@code engines:} section. New engines are
     * started before anything is swapped: if one fails to start, nothing changes.
     */
    public synchronized void reconcile(Config enginesConfig) {
        Map<String, Running> current = engines;
        Map<String, Running> next = new LinkedHashMap<>();
        List<FaceEngine> started = new ArrayList<>();
        Map<String, Map<String, String>> enabled = new LinkedHashMap<>();
        for (Config engineConfig : enginesConfig.asNodeList().orElse(List.of())) {
            Map<String, String> settings = ConfigMaps.flatten(engineConfig);
            if (!"false".equalsIgnoreCase(settings.getOrDefault("enabled", "true"))) {
                enabled.put(engineConfig.name(), settings);
            }
        }
        try {
            for (Map.Entry<String, Map<String, String>> entry : enabled.entrySet()) {
                String name = entry.getKey();
                Map<String, String> settings = entry.getValue();
                Running running = current.get(name);
                if (running != null && running.settings().equals(settings)) {
                    next.put(name, running);
                } else {
                    FaceEngine engine = create(name, settings, recordsEngine(name, settings, enabled).map(EngineRecords::new));
                    started.add(engine);
                    next.put(name, new Running(engine, settings));
                }
            }
        } catch (RuntimeException e) {
            started.forEach(EngineRegistry::closeQuietly);
            throw e;
        }
        engines = Map.copyOf(next);
        for (Map.Entry<String, Running> old : current.entrySet()) {
            if (next.get(old.getKey()) != old.getValue()) {
                LOG.log(System.Logger.Level.INFO, "Engine " + old.getKey() + " replaced or removed; closing it in " + GRACE.toSeconds() + " s");
                FaceEngine retired = old.getValue().engine();
                retiring.add(retired);
                closer.schedule(() -> {
                    if (retiring.remove(retired)) {
                        closeQuietly(retired);
                    }
                }, GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The engine whose database keeps this engine's records (a remote engine's connector
     * bookkeeping): {@code records-engine} when set, else the one local engine when there is
     * exactly one; none for a local engine, which has its own.
     */
    private static Optional<String> recordsEngine(String name, Map<String, String> settings,
            Map<String, Map<String, String>> enabled) {
        if ("local".equals(settings.get("type"))) {
            return Optional.empty();
        }
        Optional<String> named = Optional.ofNullable(settings.get("records-engine")).map(String::strip)
                .filter(v -> !v.isEmpty());
        if (named.isPresent()) {
            if (named.get().equals(name) || !enabled.containsKey(named.get())) {
                throw new StartupException("engines." + name + ".records-engine names '" + named.get()
                        + "', which is not another enabled engine of " + enabled.keySet() + ".");
            }
            return named;
        }
        List<String> local = enabled.entrySet().stream()
                .filter(e -> "local".equals(e.getValue().get("type")))
                .map(Map.Entry::getKey)
                .toList();
        return local.size() == 1 ? Optional.of(local.getFirst()) : Optional.empty();
    }

    /** Records kept by another engine of this registry, found by name at each call (it may start later, or be replaced). */
    private final class EngineRecords implements RecordStore {
        private final String engineName;

        EngineRecords(String engineName) {
            this.engineName = engineName;
        }

        private FaceEngine engine() {
            return EngineRegistry.this.engine(engineName).orElseThrow(() -> new FaceException.BackendUnavailable(
                    "engine '" + engineName + "', which keeps the records, is not running", null));
        }

        @Override
        public Optional<String> record(String tenant, String kind, String key) {
            return engine().record(tenant, kind, key);
        }

        @Override
        public void putRecord(String tenant, String kind, String key, String json) {
            engine().putRecord(tenant, kind, key, json);
        }

        @Override
        public boolean deleteRecord(String tenant, String kind, String key) {
            return engine().deleteRecord(tenant, kind, key);
        }

        @Override
        public SortedMap<String, String> records(String tenant, String kind) {
            return engine().records(tenant, kind);
        }
    }

    private FaceEngine create(String name, Map<String, String> settings, Optional<RecordStore> records) {
        String type = Optional.ofNullable(settings.get("type")).orElseThrow(() -> new StartupException(
                "Engine '" + name + "' has no type; set engines." + name + ".type to one of " + providers.keySet() + "."));
        EngineProvider provider = Optional.ofNullable(providers.get(type)).orElseThrow(() -> new StartupException(
                "Engine '" + name + "' has type '" + type + "', but the engine types found are " + providers.keySet() + "."));
        Path engineData = dataDirectory.resolve(name);
        try {
            Files.createDirectories(engineData);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + engineData, e);
        }
        FaceEngine engine;
        try {
            engine = provider.create(new EngineContext(name, settings, engineData, Clock.systemUTC(), records));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException("Engine '" + name + "' cannot start: " + e.getMessage(), e);
        }
        return MeteredEngine.wrap(engine, metrics);
    }

    @Override
    public synchronized void close() {
        closer.shutdownNow();
        engines.values().forEach(r -> closeQuietly(r.engine()));
        retiring.forEach(EngineRegistry::closeQuietly);
        retiring.clear();
        engines = Map.of();
    }

    private static void closeQuietly(FaceEngine engine) {
        try {
            engine.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Engine " + engine.name() + " did not close cleanly", e);
        }
    }
}
