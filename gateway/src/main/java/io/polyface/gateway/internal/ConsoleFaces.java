package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /admin/console/faces?dialect=<id>[&collection=<name>]} with an image as the body: the
 * faces the engine a dialect's request would be routed to finds in it, main face first, as boxes
 * in the image's pixels. For the playground's dialects whose own answers carry no boxes (DM-AI's
 * search names persons only). Detection stores nothing; the engine is asked directly, outside the
 * route's shadow and failover, so console use never shows up in shadow comparisons.
 */
final class ConsoleFaces {
    static final int MAX_IMAGE_BYTES = 16 << 20;

    private final ConsoleSettings settings;
    private final Supplier<RouteTable> routes;
    private final Function<String, Optional<FaceEngine>> engines;

    ConsoleFaces(ConsoleSettings settings, Supplier<RouteTable> routes, Function<String, Optional<FaceEngine>> engines) {
        this.settings = requireNonNull(settings, "settings is null");
        this.routes = requireNonNull(routes, "routes is null");
        this.engines = requireNonNull(engines, "engines is null");
    }

    void handle(ServerRequest req, ServerResponse res) {
        Optional<String> dialect = req.query().first("dialect").asOptional();
        if (dialect.isEmpty() || !settings.dialectTenants().containsKey(dialect.get())) {
            send(res, Status.BAD_REQUEST_400, error("name a served dialect: ?dialect= one of " + settings.dialects()));
            return;
        }
        Optional<byte[]> image = body(req);
        if (image.isEmpty()) {
            res.header(HeaderNames.CONNECTION, "close");
            send(res, Status.BAD_REQUEST_400, error("send one image of 1 byte to " + MAX_IMAGE_BYTES + " bytes as the body"));
            return;
        }
        String tenant = settings.dialectTenants().get(dialect.get());
        Optional<String> collection = req.query().first("collection").asOptional().filter(c -> !c.isBlank());
        String engineName = routes.get().select(dialect.get(), tenant, collection).engine();
        Optional<FaceEngine> engine = engines.apply(engineName);
        if (engine.isEmpty()) {
            send(res, Status.SERVICE_UNAVAILABLE_503, error("engine " + engineName + " is not running"));
            return;
        }
        List<DetectedFace> faces;
        try {
            faces = engine.get().detect(image.get());
        } catch (FaceException e) {
            send(res, switch (e.category()) {
                case USER -> Status.BAD_REQUEST_400;
                case EXTERNAL, RESOURCE -> Status.SERVICE_UNAVAILABLE_503;
                case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
            }, error(e.getMessage()));
            return;
        }
        ObjectNode root = Json.object();
        root.put("dialect", dialect.get());
        root.put("tenant", tenant);
        root.put("engine", engineName);
        ArrayNode list = root.putArray("faces");
        for (DetectedFace face : faces) {
            BoundingBox box = face.box();
            list.addObject().put("x", box.x()).put("y", box.y()).put("width", box.width()).put("height", box.height())
                    .put("confidence", face.confidence());
        }
        send(res, Status.OK_200, root);
    }

    /** The body; empty when it is absent, empty or longer than allowed (then it is not read to the end). */
    private static Optional<byte[]> body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return Optional.empty();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_IMAGE_BYTES + 1);
            return bytes.length == 0 || bytes.length > MAX_IMAGE_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode error(String message) {
        return Json.object().put("error", message);
    }

    private static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toPrettyString());
    }
}
