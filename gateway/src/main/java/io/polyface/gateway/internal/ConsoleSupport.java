package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.spi.ServerFeature;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web console at {@code /console}: a page of plain HTML, CSS and JavaScript bundled in the
 * gateway (no CDN) with the playground scripts the plugins bring, and the read-only JSON it needs
 * beside the existing admin paths, under {@code /admin/console/}. Every piece of data comes from an
 * admin path and follows its rules. The page itself holds no data: with {@code admin.token} set it is served to anyone, since a browser cannot
 * put a bearer token on a page it navigates to, and the page asks for the token; without one it is
 * served to loopback clients only, as the admin paths are.
 *
 * <p>A server feature of the main port, so the gateway adds it with one line. Thread-safe.
 */
public final class ConsoleSupport implements ServerFeature {
    static final String PAGE = "/console";
    static final String API = "/admin/console/";
    private static final String OWN = "io/polyface/gateway/console/";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    /**
     * The page's files and their types. Besides them, /console/assets serves {@value #PLAYGROUNDS}
     * and the plugins' playground scripts ({@link ConsolePlaygrounds}); anything else is 404.
     */
    private static final Map<String, String> ASSETS = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", JAVASCRIPT,
            "core.js", JAVASCRIPT,
            "panels.js", JAVASCRIPT,
            "playground.js", JAVASCRIPT,
            "logo.svg", "image/svg+xml");
    /** The served dialects that have a playground script: {@code {"dialects": ["dmai", ...]}}. */
    private static final String PLAYGROUNDS = "playgrounds.json";
    /** Scripts and styles only from the gateway; images also from the photos a user drops (blob:). */
    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' blob: data:; connect-src 'self' http: https:; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'none'";
    /** A served report file is shown, never run. */
    private static final String FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    private final AdminAccess admin;
    private final ConsoleEngines engines;
    private final ConsoleTraffic traffic;
    private final ConsoleReports reports;
    private final ConsoleFaces faces;
    private final ConsolePlaygrounds playgrounds;
    private final ResourceFiles files = new ResourceFiles();

    public ConsoleSupport(ConsoleSettings settings, Supplier<List<FaceEngine>> engines, Supplier<RouteTable> routes,
            MeterRegistry meters, AdminAccess admin) {
        requireNonNull(settings, "settings is null");
        requireNonNull(engines, "engines is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.engines = new ConsoleEngines(engines, settings, Clock.systemUTC());
        this.traffic = new ConsoleTraffic(meters, settings.dialects(), Clock.systemUTC());
        this.reports = new ConsoleReports(settings.coverageDir(), settings.calibrationDir());
        this.faces = new ConsoleFaces(settings, routes,
                name -> engines.get().stream().filter(e -> e.name().equals(name)).findFirst());
        this.playgrounds = ConsolePlaygrounds.of(settings.dialects(), ConsoleSupport.class.getClassLoader());
    }

    /** The console of a running gateway: its configuration, dialects, engines and route table. */
    public static ConsoleSupport of(Config config, List<Dialect> dialects, EngineRegistry engines, RoutingEngineRouter router,
            AdminAccess admin) {
        return new ConsoleSupport(ConsoleSettings.of(config, dialects.stream().map(Dialect::id).toList()), engines::all,
                router::table, Metrics.globalRegistry(), admin);
    }

    @Override
    public void setup(ServerFeatureContext context) {
        register(context.socket(WebServer.DEFAULT_SOCKET_NAME).httpRouting());
    }

    @Override
    public String name() {
        return "polyface-console";
    }

    @Override
    public String type() {
        return "polyface-console";
    }

    void register(HttpRouting.Builder routing) {
        routing.get(PAGE, shell((req, res) -> page(res)));
        routing.get(PAGE + "/", shell((req, res) -> page(res)));
        routing.get(PAGE + "/assets/{file}", shell((req, res) -> asset(res, req.path().pathParameters().get("file"))));
        routing.get(API + "engines", admin.guard((req, res) -> send(res, Status.OK_200, engines.engines())));
        routing.get(API + "jobs", admin.guard((req, res) -> send(res, Status.OK_200, engines.jobs())));
        routing.get(API + "traffic", admin.guard((req, res) -> send(res, Status.OK_200, traffic.summary())));
        routing.get(API + "coverage", admin.guard((req, res) -> send(res, Status.OK_200, reports.coverage())));
        routing.get(API + "calibration", admin.guard((req, res) -> send(res, Status.OK_200, reports.calibration())));
        routing.get(API + "calibration/{file}", admin.guard((req, res) -> calibrationFile(res,
                req.path().pathParameters().get("file"))));
        routing.post(API + "faces", admin.guard(faces::handle));
    }

    /** The page and its files: to loopback clients, or to anyone when a token guards the data. */
    private Handler shell(Handler handler) {
        return (req, res) -> {
            switch (admin.decide(RemotePeer.of(req), Optional.empty())) {
                case ALLOWED, NO_TOKEN -> handler.handle(req, res);
                case NOT_LOOPBACK -> send(res, Status.FORBIDDEN_403, Json.object().put("error",
                        "the console answers clients on loopback only; set admin.token to reach it from elsewhere"));
            }
        };
    }

    private void page(ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("Content-Security-Policy"), PAGE_POLICY);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.send(files.get(OWN + "index.html"));
    }

    /** The page's own files, the playground scripts of the served dialects' plugins, and the list of those. */
    private void asset(ServerResponse res, String name) {
        if (ASSETS.containsKey(name)) {
            sendAsset(res, ASSETS.get(name), files.get(OWN + name));
        } else if (name.equals(PLAYGROUNDS)) {
            ObjectNode list = Json.object();
            ArrayNode ids = list.putArray("dialects");
            playgrounds.dialects().forEach(ids::add);
            sendAsset(res, "application/json", list.toPrettyString().getBytes(StandardCharsets.UTF_8));
        } else {
            playgrounds.resource(name).ifPresentOrElse(script -> sendAsset(res, JAVASCRIPT, files.get(script)),
                    () -> send(res, Status.NOT_FOUND_404, Json.object().put("error", "no such console asset")));
        }
    }

    private static void sendAsset(ServerResponse res, String type, byte[] bytes) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.send(bytes);
    }

    private void calibrationFile(ServerResponse res, String name) {
        Optional<ConsoleReports.Served> served = reports.calibrationFile(name);
        if (served.isEmpty()) {
            send(res, Status.NOT_FOUND_404, Json.object().put("error",
                    "no such calibration file; GET " + API + "calibration lists them"));
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, served.get().type());
        res.header(HeaderNames.create("Content-Security-Policy"), FILE_POLICY);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.send(served.get().bytes());
    }

    private static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toPrettyString());
    }
}
