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
import java.util.Map;
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

    /** The name exchanges of the native protocol carry in the request journal. */
    public static final String JOURNAL_NAME = "native";
    private static final byte[] NO_BODY = new byte[0];

    private final Supplier<Settings> settings;
    private final EngineRegistry engines;
    private final long maxBodyBytes;
    private final RequestJournal journal;

    public NativeEndpoint(Supplier<Settings> settings, EngineRegistry engines, long maxBodyBytes) {
        this(settings, engines, maxBodyBytes, RequestJournal.off());
    }

    /** An endpoint whose calls the journal records, under {@value #JOURNAL_NAME}, when it is on. */
    public NativeEndpoint(Supplier<Settings> settings, EngineRegistry engines, long maxBodyBytes, RequestJournal journal) {
        this.settings = requireNonNull(settings, "settings is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.maxBodyBytes = maxBodyBytes;
        this.journal = requireNonNull(journal, "journal is null");
    }

    /** A call's outcome: the body it sent (empty when not read), the status and the body answered. */
    private record Answer(String call, byte[] request, int status, byte[] body) {
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        if (journal.on()) {
            journal.begin();
        }
        Answer answer = answer(req, res);
        if (journal.on()) {
            // Before the answer leaves, as DialectEndpoint does.
            journal.record(RequestJournal.exchange(JOURNAL_NAME, answer.call(), req, answer.request(), answer.status(),
                    new RequestJournal.Wire(Map.of(), NativeProtocol.CONTENT_TYPE, answer.body()), System.nanoTime() - started));
        }
        res.status(Status.create(answer.status()));
        res.header(HeaderNames.CONTENT_TYPE, NativeProtocol.CONTENT_TYPE);
        ResponseBodies.send(res, answer.body());
    }

    private Answer answer(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String call = path.substring(path.lastIndexOf('/') + 1);
        Settings now = settings.get();
        if (now.token().isEmpty()) {
            return failure(call, 404, new FaceException.Unsupported("the native protocol is off on this gateway (no native.token)"));
        }
        if (!NativeProtocol.authorized(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), now.token().get())) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            return failure(call, 401, new FaceException.Unauthorized("a valid bearer token is required"));
        }
        Optional<FaceEngine> engine = engines.engine(now.engine());
        if (engine.isEmpty()) {
            return failure(call, 503, new FaceException.BackendUnavailable("engine " + now.engine() + " is not running", null));
        }
        byte[] body;
        try {
            body = readBody(req);
        } catch (FaceException e) {
            res.header(HeaderNames.CONNECTION, "close");
            return failure(call, NativeErrors.status(e), e);
        }
        NativeServer.Reply reply = new NativeServer(engine.get()).handle(call, body);
        return new Answer(call, body, reply.status(), reply.body());
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

    private static Answer failure(String call, int status, FaceException failure) {
        return new Answer(call, NO_BODY, status, NativeErrors.reply(failure));
    }
}
