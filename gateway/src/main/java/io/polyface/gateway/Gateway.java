package io.polyface.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.polyface.gateway.internal.AdminAccess;
import io.polyface.gateway.internal.AdminReset;
import io.polyface.gateway.internal.ConfigLoader;
import io.polyface.gateway.internal.ConnectionGuard;
import io.polyface.gateway.internal.ConsoleSupport;
import io.polyface.gateway.internal.DialectEndpoint;
import io.polyface.gateway.internal.Dialects;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.MetricsEndpoint;
import io.polyface.gateway.internal.IntegrationSupport;
import io.polyface.gateway.internal.ListenerStart;
import io.polyface.gateway.internal.ListenerWatch;
import io.polyface.gateway.internal.RequestMetrics;
import io.polyface.gateway.internal.ConfigWatcher;
import io.polyface.gateway.internal.EngineRegistry;
import io.polyface.gateway.internal.NativeEndpoint;
import io.polyface.gateway.internal.RouteRule;
import io.polyface.gateway.internal.RouteTable;
import io.polyface.gateway.internal.ProtocolErrors;
import io.polyface.gateway.internal.RequestJournal;
import io.polyface.gateway.internal.RoutingEngineRouter;
import io.polyface.gateway.internal.RoutingSettings;
import io.polyface.gateway.internal.ServerLimits;
import io.polyface.gateway.internal.ShadowRecorder;
import io.polyface.gateway.internal.StartupException;
import io.polyface.protocol.NativeProtocol;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.dialect.EngineRouter;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running Polyface: its engines, its dialects and the web server in front of them.
 *
 * <p>Start-up order: configuration, engines (found by type with {@link java.util.ServiceLoader}),
 * dialects (likewise, by id, limited to {@code dialects.enabled}), then the server. Closing stops
 * the server first and the engines after, so no request is cut off half-way through a write.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
    /** How often each port is checked to still accept connections. */
    private static final Duration LISTENER_WATCH_INTERVAL = Duration.ofSeconds(1);

    private final WebServer server;
    private final ConnectionGuard guard;
    private final ListenerWatch watch;
    private final EngineRegistry engines;
    private final ShadowRecorder shadows;
    private final List<Dialect> dialects;
    private final Map<String, Integer> dialectPorts;
    private final AdminReset reset;
    private volatile ConfigWatcher watcher;

    private Gateway(WebServer server, ConnectionGuard guard, ListenerWatch watch, EngineRegistry engines, ShadowRecorder shadows,
            List<Dialect> dialects, Map<String, Integer> dialectPorts, AdminReset reset) {
        this.server = server;
        this.guard = guard;
        this.watch = watch;
        this.engines = engines;
        this.shadows = shadows;
        this.dialects = dialects;
        this.dialectPorts = dialectPorts;
        this.reset = reset;
    }

    /** Starts a gateway and returns once it listens. */
    public static Gateway start(GatewayOptions options) {
        Config config = config(options);
        Path dataDirectory = Path.of(config.get("data-dir").asString().orElse("data")).toAbsolutePath();
        createDirectories(dataDirectory);

        // Check the names before any engine starts: a typo should fail in milliseconds, not after
        // the models have loaded.
        Map<String, DialectProvider> dialectProviders = Dialects.enabled(config.get("dialects"));
        AdminAccess admin = adminAccess(config);
        RequestJournal journal = requestJournal(config.get("journal"));
        String defaultEngine = config.get("routing.default-engine").asString().orElse("local");
        if (!config.get("engines." + defaultEngine).exists()) {
            throw new StartupException("routing.default-engine names '" + defaultEngine
                    + "', but no engine of that name is configured under 'engines'.");
        }

        RequestMetrics metrics = RequestMetrics.global();
        EngineRegistry engines = EngineRegistry.start(config.get("engines"), dataDirectory, metrics);
        ShadowRecorder shadows = ShadowRecorder.of(config.get("routing.shadow"), metrics);
        try {
            RoutingEngineRouter router = new RoutingEngineRouter(
                    engines, RoutingSettings.table(config, engines.names()), shadows, metrics);
            AtomicReference<NativeEndpoint.Settings> nativeSettings = new AtomicReference<>(nativeSettings(config));
            List<Dialect> dialects = Dialects.create(config.get("dialects"), dialectProviders, journal.watching(router),
                    Dialects.imageFetcher(config.get("fetch")));
            warnOfUnservedDefaultTenant(config.get("dialects"), dialectProviders.keySet(), router);
            IntegrationSupport support = new IntegrationSupport(dialects, journal);
            Gateway gateway = listen(config, dialects, engines, router, shadows, nativeSettings, metrics, admin, support);
            options.configFile().filter(f -> config.get("routing.reload").asBoolean().orElse(true)).ifPresent(file ->
                    gateway.watcher = new ConfigWatcher(file,
                            config.get("routing.reload-interval").as(Duration.class).orElse(Duration.ofSeconds(2)),
                            () -> reload(options, engines, router, nativeSettings)));
            return gateway;
        } catch (RuntimeException e) {
            shadows.close();
            engines.close();
            throw e;
        }
    }

    /**
     * Reads the configuration again and applies {@code engines:}, {@code routes:}, {@code
     * routing.default-engine} and {@code native:}; dialects, ports and limits need a restart. A
     * configuration that does not check out changes nothing.
     */
    private static void reload(GatewayOptions options, EngineRegistry engines, RoutingEngineRouter router,
            AtomicReference<NativeEndpoint.Settings> nativeSettings) {
        Config config = config(options);
        Set<String> names = new HashSet<>();
        for (Config engine : config.get("engines").asNodeList().orElse(List.of())) {
            if (!"false".equalsIgnoreCase(engine.get("enabled").asString().orElse("true"))) {
                names.add(engine.name());
            }
        }
        RouteTable table = RoutingSettings.table(config, names);
        NativeEndpoint.Settings nativeNext = nativeSettings(config);
        engines.reconcile(config.get("engines"));
        router.replace(table);
        nativeSettings.set(nativeNext);
    }

    private static AdminAccess adminAccess(Config config) {
        try {
            return new AdminAccess(config.get("admin.token").asString().asOptional());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + ".");
        }
    }

    /** {@code journal.size} (exchanges kept per dialect, 0: off) and {@code journal.max-body-bytes}. */
    private static RequestJournal requestJournal(Config journal) {
        try {
            return new RequestJournal(new RequestJournal.Settings(wholeNumber(journal.get("size"), 0),
                    wholeNumber(journal.get("max-body-bytes"), 4096)), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + ".");
        }
    }

    private static int wholeNumber(Config node, int absent) {
        try {
            return node.asInt().orElse(absent);
        } catch (io.helidon.config.ConfigException e) {
            throw new StartupException(node.key() + " must be a whole number, not '" + node.asString().orElse("") + "'.");
        }
    }

    private static NativeEndpoint.Settings nativeSettings(Config config) {
        Optional<String> token = config.get("native.token").asString().asOptional().filter(t -> !t.isBlank());
        if (token.isPresent() && token.get().length() < NativeProtocol.MIN_TOKEN_LENGTH) {
            throw new StartupException("native.token must be at least " + NativeProtocol.MIN_TOKEN_LENGTH + " characters long.");
        }
        String engine = config.get("native.engine").asString()
                .orElse(config.get("routing.default-engine").asString().orElse("local"));
        return new NativeEndpoint.Settings(token, engine);
    }

    /**
     * The routing of the main port: every dialect under {@code /<id>}, the native protocol, and the
     * admin endpoints.
     */
    public static void routing(HttpRouting.Builder routing, List<Dialect> dialects, long maxBodyBytes, RequestMetrics metrics,
            NativeEndpoint nativeEndpoint, ShadowRecorder shadows, RoutingEngineRouter router, AdminAccess admin,
            IntegrationSupport support) {
        // For tests and tools around the gateway: the index (/, /admin), the contracts
        // (/<id>/openapi.*), /docs and the request journal (/admin/requests). First, because a
        // dialect takes every path below its prefix.
        support.register(routing, admin);
        routing(routing, dialects, maxBodyBytes, metrics, admin, support.journal());
        routing.post(NativeProtocol.PATH_PREFIX + "{call}", nativeEndpoint);
        routing.get("/observe/metrics", new MetricsEndpoint(metrics.registry()));
        routing.get("/admin/shadow", admin.guard((req, res) -> {
            res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
            res.send(shadows.describe());
        }));
        routing.get("/admin/routes", admin.guard((req, res) -> {
            res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
            res.send(describe(router.table()));
        }));
    }

    /**
     * The dialects' part of the main port: every dialect under {@code /<id>}, and {@code
     * /admin/dialects} for loopback clients. Tests call it.
     */
    public static void routing(HttpRouting.Builder routing, List<Dialect> dialects, long maxBodyBytes, RequestMetrics metrics) {
        routing(routing, dialects, maxBodyBytes, metrics, new AdminAccess(Optional.empty()), RequestJournal.off());
    }

    private static void routing(HttpRouting.Builder routing, List<Dialect> dialects, long maxBodyBytes, RequestMetrics metrics,
            AdminAccess admin, RequestJournal journal) {
        for (Dialect dialect : dialects) {
            String prefix = "/" + dialect.id();
            DialectEndpoint endpoint = new DialectEndpoint(dialect, prefix, maxBodyBytes, metrics, journal);
            routing.any(prefix, endpoint);
            routing.any(prefix + "/*", endpoint);
        }
        routing.get("/admin/dialects", admin.guard((req, res) -> {
            res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
            res.send(describe(dialects));
        }));
    }

    public int port() {
        return server.port();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The port a dialect serves its bare vendor paths on, if it has one of its own. */
    public Optional<Integer> dialectPort(String dialectId) {
        return Optional.ofNullable(dialectPorts.get(dialectId));
    }

    public List<String> dialectIds() {
        return dialects.stream().map(Dialect::id).toList();
    }

    /**
     * Erases every tenant of the local engines, as {@code POST /admin/reset} does: what a test
     * harness calls between tests.
     *
     * @throws IllegalStateException if an engine could not be erased; the message carries the summary
     */
    public void reset() {
        AdminReset.Outcome outcome = reset.reset(new AdminReset.Scope.Everything(), false);
        if (!outcome.complete()) {
            throw new IllegalStateException("the reset did not complete: " + outcome.summary());
        }
    }

    /**
     * What to do when one of the gateway's ports stops accepting connections on its own: the command
     * line exits so that a supervisor restarts it. The action gets the socket's name ({@code @default}
     * for the main port, else the dialect's id).
     */
    public void onListenerStopped(Consumer<String> action) {
        watch.onStopped(action);
    }

    /** The connection limits in force and what they have done so far. */
    public ConnectionGuard.Counts connections() {
        return guard.counts();
    }

    @Override
    public void close() {
        ConfigWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        watch.close();
        server.stop();
        guard.close();
        shadows.close();
        engines.close();
    }

    /**
     * Starts the engines of a configuration without a server, for commands that work on engines
     * directly ({@code polyface migrate}). The caller closes them.
     */
    public static EngineRegistry engines(GatewayOptions options) {
        Config config = config(options);
        Path dataDirectory = Path.of(config.get("data-dir").asString().orElse("data")).toAbsolutePath();
        createDirectories(dataDirectory);
        return EngineRegistry.start(config.get("engines"), dataDirectory, RequestMetrics.global());
    }

    // ---- start-up pieces ------------------------------------------------------------------

    /** The configuration of the options, checked against the schema (README, "Configuration"). */
    static Config config(GatewayOptions options) {
        return ConfigLoader.load(options);
    }

    /**
     * Before DM-AI and FacePass had tenants of their own, both served the tenant {@code default}.
     * When no dialect serves it any more but the default engine still holds collections there,
     * says how to serve them again rather than let them seem lost.
     */
    private static void warnOfUnservedDefaultTenant(Config dialectsConfig, Set<String> enabled, EngineRouter router) {
        String earlier = "default";
        if (enabled.isEmpty() || enabled.stream().anyMatch(id -> Dialects.tenantOf(dialectsConfig, id).equals(earlier))) {
            return;
        }
        try {
            int held = router.engineFor(enabled.iterator().next(), earlier, Optional.empty()).collections(earlier).size();
            if (held > 0) {
                LOG.log(System.Logger.Level.WARNING, "tenant '" + earlier + "' holds " + held + " collection(s) that no dialect"
                        + " serves: earlier versions kept DM-AI's and FacePass's there. To serve them, set"
                        + " dialects.dmai.tenant or dialects.facepass.tenant to '" + earlier + "' (README, Configuration).");
            }
        } catch (FaceException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list the tenant '" + earlier + "' at start-up: " + e.getMessage());
        }
    }

    private static Gateway listen(Config config, List<Dialect> dialects, EngineRegistry engines, RoutingEngineRouter router,
            ShadowRecorder shadows, AtomicReference<NativeEndpoint.Settings> nativeSettings, RequestMetrics metrics,
            AdminAccess admin, IntegrationSupport support) {
        String host = config.get("server.host").asString().orElse("127.0.0.1");
        int port = config.get("server.port").asInt().orElse(8080);
        long maxBody = config.get("server.max-body-bytes").asLong().orElse(32L << 20);
        NativeEndpoint nativeEndpoint = new NativeEndpoint(nativeSettings::get, engines, maxBody, support.journal());
        AdminReset reset = adminReset(config, dialects, engines);
        Map<String, Integer> ownPortNumbers = new LinkedHashMap<>();
        for (Dialect dialect : dialects) {
            int own = config.get("dialects." + dialect.id() + ".port").asInt().orElse(-1);
            if (own >= 0) {
                ownPortNumbers.put(dialect.id(), own);
            }
        }
        ConnectionGuard guard = ConnectionGuard.forThisProcess(ServerLimits.of(config.get("server")), 1 + ownPortNumbers.size());

        WebServerConfig.Builder builder = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .directHandlers(ProtocolErrors.forMainPort(dialects))
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .addCheck(() -> engineHealth(engines.all()), HealthCheckType.READINESS, "engines")
                                .build())
                        .build())
                .addFeature(ConsoleSupport.of(config, dialects, engines, router, admin))
                .routing(routing -> {
                    routing(routing, dialects, maxBody, metrics, nativeEndpoint, shadows, router, admin, support);
                    // POST /admin/reset, on its own (AdminReset).
                    routing.post(AdminReset.PATH, admin.guard(reset));
                });
        guard.configure(builder, WebServer.DEFAULT_SOCKET_NAME);

        for (Dialect dialect : dialects) {
            Integer own = ownPortNumbers.get(dialect.id());
            if (own != null) {
                builder.putSocket(dialect.id(), socket -> {
                    socket.host(host).port(own)
                            .directHandlers(ProtocolErrors.forOwnPort(dialect))
                            .routing(r -> {
                                support.registerOwnPort(r, dialect);
                                r.any("/*", new DialectEndpoint(dialect, "", maxBody, metrics, support.journal()));
                            });
                    guard.configure(socket, dialect.id());
                });
            }
        }
        Map<String, ListenerStart.Listener> starting = new LinkedHashMap<>();
        starting.put(WebServer.DEFAULT_SOCKET_NAME, new ListenerStart.Listener("server.port", host, port));
        ownPortNumbers.forEach((id, own) -> starting.put(id,
                new ListenerStart.Listener("dialects." + id + ".port", host, own)));
        WebServer server;
        try {
            server = ListenerStart.start(builder.build(), starting);
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
        Map<String, Integer> dialectPorts = new LinkedHashMap<>();
        ownPortNumbers.keySet().forEach(id -> dialectPorts.put(id, server.port(id)));
        support.listening(dialectPorts);
        List<ListenerWatch.Listener> listeners = new ArrayList<>();
        listeners.add(ListenerWatch.Listener.of(WebServer.DEFAULT_SOCKET_NAME, host, server.port()));
        dialectPorts.forEach((id, bound) -> listeners.add(ListenerWatch.Listener.of(id, host, bound)));
        ListenerWatch watch = ListenerWatch.start(listeners, LISTENER_WATCH_INTERVAL);
        return new Gateway(server, guard, watch, engines, shadows, dialects, dialectPorts, reset);
    }

    private static AdminReset adminReset(Config config, List<Dialect> dialects, EngineRegistry engines) {
        Map<String, String> defaultTenants = new LinkedHashMap<>();
        dialects.forEach(d -> defaultTenants.put(d.id(), Dialects.tenantOf(config.get("dialects"), d.id())));
        return new AdminReset(engines, dialects, defaultTenants);
    }

    private static HealthCheckResponse engineHealth(List<FaceEngine> engines) {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
        for (FaceEngine engine : engines) {
            EngineHealth health = engine.health();
            if (!health.ready()) {
                response.status(false);
            }
            health.details().forEach((k, v) -> response.detail(engine.name() + "." + k, v));
        }
        return response.build();
    }

    private static String describe(RouteTable table) {
        ObjectNode root = Json.object();
        root.put("defaultEngine", table.defaultEngine());
        ArrayNode routes = root.putArray("routes");
        for (RouteRule rule : table.rules()) {
            ObjectNode node = routes.addObject();
            node.put("dialect", rule.dialect());
            rule.tenant().ifPresent(t -> node.put("tenant", t.pattern()));
            rule.collections().ifPresent(c -> node.put("collections", c.pattern()));
            node.put("engine", rule.engine());
            node.put("weight", rule.weight());
            rule.shadow().ifPresent(v -> node.put("shadow", v));
            rule.failover().ifPresent(v -> node.put("failover", v));
        }
        return root.toPrettyString();
    }

    private static String describe(List<Dialect> dialects) {
        ArrayNode list = Json.array();
        for (Dialect dialect : dialects) {
            ObjectNode node = list.addObject();
            node.put("id", dialect.id());
            node.put("prefix", "/" + dialect.id());
            ArrayNode operations = node.putArray("operations");
            for (Operation operation : dialect.operations()) {
                ObjectNode op = operations.addObject();
                op.put("name", operation.name());
                op.put("path", operation.pathTemplate());
                operation.methods().stream().sorted().forEach(op.putArray("methods")::add);
            }
        }
        return list.toPrettyString();
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(requireNonNull(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory, e);
        }
    }
}
