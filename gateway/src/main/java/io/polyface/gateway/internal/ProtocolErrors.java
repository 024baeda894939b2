package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.polyface.protocol.NativeErrors;
import io.polyface.protocol.NativeProtocol;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers for requests the web server refuses before any route sees them: a request line or
 * headers too long, a control character in a header, a bad Host, an HTTP version it does not speak.
 * Helidon's own answer has an empty body; this one keeps Helidon's status but writes the body in
 * the envelope of the dialect the path belongs to (the native protocol's for every other path), so
 * a client that parses its vendor's errors can read it. The message is one fixed sentence per
 * status: what the client sent is never echoed back.
 *
 * <p>Thread-safe; it never blocks, as Helidon requires.
 */
public final class ProtocolErrors implements DirectHandler {

    private static final System.Logger LOG = System.getLogger(ProtocolErrors.class.getName());
    /** Stands for the operation the request would have reached: the server never got that far. */
    private static final Operation UNREAD = new Operation("request", Set.of("GET"), "/", request -> {
        throw new IllegalStateException("never called");
    });

    private final List<Dialect> dialects;
    private final boolean mounted;

    private ProtocolErrors(List<Dialect> dialects, boolean mounted) {
        this.dialects = List.copyOf(requireNonNull(dialects, "dialects is null"));
        this.mounted = mounted;
    }

    /** For the main port, where each dialect is mounted under {@code /<id>}. */
    public static DirectHandlers forMainPort(List<Dialect> dialects) {
        return handlers(new ProtocolErrors(dialects, true));
    }

    /** For a dialect's own port, where every path is that dialect's. */
    public static DirectHandlers forOwnPort(Dialect dialect) {
        return handlers(new ProtocolErrors(List.of(dialect), false));
    }

    private static DirectHandlers handlers(ProtocolErrors handler) {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, String message) {
        LOG.log(System.Logger.Level.DEBUG, () -> "refused before routing (" + eventType + ", " + defaultStatus.code() + "): " + message);
        FaceException failure = failure(eventType, defaultStatus);
        Optional<Dialect> dialect = dialectOf(request.path());
        byte[] body;
        String contentType;
        if (dialect.isPresent()) {
            DialectResponse rendered = dialect.get().renderError(failure, UNREAD);
            body = rendered.body();
            contentType = rendered.contentType();
        } else {
            body = NativeErrors.reply(failure);
            contentType = NativeProtocol.CONTENT_TYPE;
        }
        return TransportResponse.builder()
                .status(defaultStatus)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, contentType)
                .keepAlive(eventType.keepAlive())
                .entity(body)
                .build();
    }

    private static FaceException failure(EventType eventType, Status status) {
        if (eventType == EventType.INTERNAL_ERROR || status.code() >= 500 && status.code() != 505) {
            return new FaceException.Internal("internal error", null);
        }
        return new FaceException.InvalidArgument("request", switch (status.code()) {
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            case 413 -> "the request is too large";
            case 505 -> "this HTTP version is not supported";
            case 404 -> "no such path on this gateway; GET / lists what it serves";
            default -> "the HTTP request is malformed";
        });
    }

    private Optional<Dialect> dialectOf(String path) {
        if (!mounted) {
            return Optional.of(dialects.getFirst());
        }
        if (path == null) {
            return Optional.empty();
        }
        return dialects.stream()
                .filter(d -> path.equals("/" + d.id()) || path.startsWith("/" + d.id() + "/"))
                .findFirst();
    }
}
