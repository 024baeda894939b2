package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.protocol.NativeErrors;
import io.polyface.protocol.NativeProtocol;
import io.polyface.protocol.NativeServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /native/v1/<call>}: one engine of this gateway, for another Polyface's remote engine.
 * Off unless {@code native.token} is set; every call must carry it as a bearer token.
 */
public final class NativeEndpoint implements Handler {
    /**
     * @param token the bearer token; empty turns the endpoint off
     * @param engine the engine served
     */
    public record Settings(Optional<String> token, String engine) {
        public Settings {
            requireNonNull(token, "token is null");
            requireNonNull(engine, "engine is null");
        }
    }

    private final Supplier<Settings> settings;
    private final EngineRegistry engines;
    private final long maxBodyBytes;

    public NativeEndpoint(Supplier<Settings> settings, EngineRegistry engines, long maxBodyBytes) {
        this.settings = requireNonNull(settings, "settings is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Settings now = settings.get();
        if (now.token().isEmpty()) {
            send(res, 404, new FaceException.Unsupported("the native protocol is off on this gateway (no native.token)"));
            return;
        }
        if (!NativeProtocol.authorized(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), now.token().get())) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            send(res, 401, new FaceException.Unauthorized("a valid bearer token is required"));
            return;
        }
        Optional<FaceEngine> engine = engines.engine(now.engine());
        if (engine.isEmpty()) {
            send(res, 503, new FaceException.BackendUnavailable("engine " + now.engine() + " is not running", null));
            return;
        }
        String path = req.path().path();
        String call = path.substring(path.lastIndexOf('/') + 1);
        byte[] body;
        try {
            body = readBody(req);
        } catch (FaceException e) {
            res.header(HeaderNames.CONNECTION, "close");
            send(res, NativeErrors.status(e), e);
            return;
        }
        NativeServer.Reply reply = new NativeServer(engine.get()).handle(call, body);
        res.status(Status.create(reply.status()));
        res.header(HeaderNames.CONTENT_TYPE, NativeProtocol.CONTENT_TYPE);
        ResponseBodies.send(res, reply.body());
    }

    private byte[] readBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(-1) > maxBodyBytes) {
            throw new FaceException.ImageTooLarge(maxBodyBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new FaceException.ImageTooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException e) {
            throw new FaceException.InvalidArgument("body", "the request body could not be read");
        }
    }

    private static void send(ServerResponse res, int status, FaceException failure) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, NativeProtocol.CONTENT_TYPE);
        res.send(NativeErrors.reply(failure));
    }
}
