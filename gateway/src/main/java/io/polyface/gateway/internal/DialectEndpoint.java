package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves one dialect: turns a server request into a {@link DialectRequest}, finds the operation,
 * runs it, and writes the dialect's response. Every failure, expected or not, leaves as the
 * dialect's own envelope; stack traces go to the log only.
 */
public final class DialectEndpoint implements Handler {
    private static final System.Logger LOG = System.getLogger(DialectEndpoint.class.getName());

    private final Dialect dialect;
    private final String prefix;
    private final long maxBodyBytes;
    private final RequestMetrics metrics;
    private final RequestJournal journal;
    private final List<Route> routes;

    private record Route(Operation operation, PathTemplate template) {
    }

    /**
     * @param prefix the path the dialect is mounted under ("/dmai"), or "" on its own port
     */
    public DialectEndpoint(Dialect dialect, String prefix, long maxBodyBytes, RequestMetrics metrics) {
        this(dialect, prefix, maxBodyBytes, metrics, RequestJournal.off());
    }

    /** An endpoint whose exchanges the journal records when it is on. */
    public DialectEndpoint(Dialect dialect, String prefix, long maxBodyBytes, RequestMetrics metrics, RequestJournal journal) {
        this.journal = requireNonNull(journal, "journal is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = requireNonNull(metrics, "metrics is null");
        List<Route> all = new ArrayList<>();
        for (Operation operation : dialect.operations()) {
            all.add(new Route(operation, new PathTemplate(operation.pathTemplate())));
        }
        this.routes = List.copyOf(all);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        if (journal.on()) {
            journal.begin();
        }
        String path = req.path().path().substring(prefix.length());
        String method = req.prologue().method().text();
        Optional<Matched> matched = find(method, path.isEmpty() ? "/" : path);
        String operationName = matched.map(m -> m.route.operation.name()).orElse("unknown");
        DialectResponse response;
        byte[] requestBody = NO_BODY;
        try {
            DialectRequest request = toDialectRequest(req, method, path, matched.map(Matched::parameters).orElse(Map.of()));
            requestBody = request.body();
            response = matched.isPresent()
                    ? run(matched.get().route.operation, request)
                    : dialect.renderUnknownPath(request);
        } catch (FaceException e) {
            // Body over the limit, refused before any operation ran. What the client still sent was
            // read and thrown away (within limits, see drain); the connection closes after the answer.
            response = matched.isPresent()
                    ? dialect.renderError(e, matched.get().route.operation)
                    : dialect.renderUnknownPath(emptyRequest(method, path));
            res.header(HeaderNames.CONNECTION, "close");
        }
        if (journal.on()) {
            // Before the answer leaves: a test that asks for the journal once answered must find it.
            journal.record(RequestJournal.exchange(dialect.id(), operationName, req, requestBody,
                    response.status(), RequestJournal.wire(response), System.nanoTime() - started));
        }
        write(res, response);
        metrics.record(dialect.id(), operationName, response.status(), System.nanoTime() - started);
    }

    private static final byte[] NO_BODY = new byte[0];

    private record Matched(Route route, Map<String, String> parameters) {
    }

    private Optional<Matched> find(String method, String path) {
        for (Route route : routes) {
            if (route.operation.methods().contains(method)) {
                Optional<Map<String, String>> parameters = route.template.match(path);
                if (parameters.isPresent()) {
                    return Optional.of(new Matched(route, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    private DialectResponse run(Operation operation, DialectRequest request) {
        try {
            return operation.handler().handle(request);
        } catch (FaceException e) {
            return dialect.renderError(e, operation);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure in " + dialect.id() + " " + operation.name(), e);
            return dialect.renderError(new FaceException.Internal("internal error", e), operation);
        }
    }

    private DialectRequest toDialectRequest(ServerRequest req, String method, String path, Map<String, String> parameters) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            query.put(name, req.query().all(name));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.computeIfAbsent(h.name(), k -> new ArrayList<>()).addAll(h.allValues()));
        // As the client sent it, mount prefix included: signatures are made over this.
        String rawQuery = req.prologue().query().rawValue();
        String rawTarget = req.prologue().uriPath().rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return new DialectRequest(method, path, parameters, query, headers, readBody(req), rawTarget,
                RemotePeer.of(req).map(java.net.InetAddress::getHostAddress));
    }

    private DialectRequest emptyRequest(String method, String path) {
        return new DialectRequest(method, path, Map.of(), Map.of(), Map.of(), new byte[0]);
    }

    private byte[] readBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        long declared = req.headers().contentLength().orElse(-1);
        try (InputStream in = req.content().inputStream()) {
            if (declared > maxBodyBytes) {
                drain(in);
                throw new FaceException.ImageTooLarge(maxBodyBytes);
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                drain(in);
                throw new FaceException.ImageTooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most of a refused body read and thrown away, and for how long, before the connection closes. */
    private static final long DRAIN_BYTES = 256L << 20;
    private static final long DRAIN_NANOS = 10_000_000_000L;

    /**
     * Reads and discards what the client is still sending of a refused body, within limits. Closing
     * at once while the client still sends makes the peer's kernel reset the connection, and the
     * client then often loses the answer it was sent ("no bytes" instead of the dialect's error).
     */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[64 << 10];
        long deadline = System.nanoTime() + DRAIN_NANOS;
        long total = 0;
        try {
            int n;
            while (total < DRAIN_BYTES && System.nanoTime() < deadline && (n = in.read(buffer)) > 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away: nothing left to protect.
        }
    }

    private static void write(ServerResponse res, DialectResponse response) {
        res.status(Status.create(response.status()));
        res.header(HeaderNames.CONTENT_TYPE, response.contentType());
        response.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        ResponseBodies.send(res, response.body());
    }
}
