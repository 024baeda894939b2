package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.protocol.NativeProtocol;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Who may read the admin paths ({@code /admin/*}), which name engines, routes and, in shadow
 * differences, persons. Without {@code admin.token} only clients on loopback; with it, only
 * requests bearing it, wherever they come from (a proxy on the same host makes every client look
 * local). Tokens are compared in constant time.
 */
public final class AdminAccess {

    private final Optional<String> token;

    public AdminAccess(Optional<String> token) {
        this.token = requireNonNull(token, "token is null").filter(t -> !t.isBlank());
        this.token.ifPresent(t -> {
            if (t.length() < NativeProtocol.MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(
                        "admin.token must be at least " + NativeProtocol.MIN_TOKEN_LENGTH + " characters long");
            }
        });
    }

    /** What a request may see: its peer's address and its Authorization header, either possibly absent. */
    public Decision decide(Optional<InetAddress> peer, Optional<String> authorization) {
        if (token.isPresent()) {
            return NativeProtocol.authorized(authorization.orElse(null), token.get()) ? Decision.ALLOWED : Decision.NO_TOKEN;
        }
        return peer.filter(InetAddress::isLoopbackAddress).isPresent() ? Decision.ALLOWED : Decision.NOT_LOOPBACK;
    }

    /** The handler, answered only for those allowed; the others get a JSON error and nothing else. */
    public Handler guard(Handler handler) {
        requireNonNull(handler, "handler is null");
        return (req, res) -> {
            Decision decision = decide(RemotePeer.of(req), req.headers().first(HeaderNames.AUTHORIZATION));
            switch (decision) {
                case ALLOWED -> handler.handle(req, res);
                case NO_TOKEN -> refuse(res, Status.UNAUTHORIZED_401, "the admin paths need admin.token as a bearer token");
                case NOT_LOOPBACK -> refuse(res, Status.FORBIDDEN_403,
                        "the admin paths answer clients on loopback only; set admin.token to reach them from elsewhere");
            }
        };
    }

    /** The outcome for one request. */
    public enum Decision { ALLOWED, NO_TOKEN, NOT_LOOPBACK }

    private static void refuse(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{\"error\":\"" + message + "\"}");
    }
}
