package io.polyface.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import java.util.Locale;

/**
 * {@link FaceException}s on the wire: {@code {"type": "NotFound", "category": "USER", "message":
 * "...", ...}} with the subtype's own fields ({@code resource}, {@code id}, {@code field},
 * {@code quota}, {@code limit}, {@code limitBytes} or {@code limitPixels}, {@code reason}, {@code failedChecks}), so that the client rebuilds the
 * exact exception and the dialect in front of it answers as if the engine were local.
 */
public final class NativeErrors {
    private NativeErrors() {
    }

    /** A whole error reply, {@code {"error": {...}}}, as the native protocol answers a failed call. */
    public static byte[] reply(FaceException failure) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("error", toJson(failure));
        return reply.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static ObjectNode toJson(FaceException failure) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", typeName(failure));
        node.put("category", failure.category().name());
        node.put("message", failure.getMessage());
        switch (failure) {
            case FaceException.NotFound e -> {
                node.put("resource", e.resource().name());
                node.put("id", e.id());
            }
            case FaceException.AlreadyExists e -> {
                node.put("resource", e.resource().name());
                node.put("id", e.id());
            }
            case FaceException.InvalidArgument e -> node.put("field", e.field());
            case FaceException.QuotaExceeded e -> {
                node.put("quota", e.quota().name());
                node.put("limit", e.limit());
            }
            case FaceException.ImageTooLarge e -> {
                if (e.overPixelLimit()) {
                    node.put("limitPixels", e.limitPixels());
                } else {
                    node.put("limitBytes", e.limitBytes());
                }
            }
            case FaceException.DownloadFailed e -> node.put("reason", e.reason().name());
            case FaceException.NoFace e -> { }
            case FaceException.BadQuality e -> e.failedChecks().forEach(c -> node.withArray("failedChecks").add(c.name()));
            case FaceException.UndecodableImage e -> { }
            case FaceException.Unauthorized e -> { }
            case FaceException.RateLimited e -> { }
            case FaceException.BackendUnavailable e -> { }
            case FaceException.Unsupported e -> { }
            case FaceException.Internal e -> { }
        }
        return node;
    }

    /** The HTTP status an error is sent with; the body, not the status, is what clients rebuild from. */
    public static int status(FaceException failure) {
        return switch (failure) {
            case FaceException.NotFound e -> 404;
            case FaceException.AlreadyExists e -> 409;
            case FaceException.InvalidArgument e -> 400;
            case FaceException.QuotaExceeded e -> 409;
            case FaceException.NoFace e -> 422;
            case FaceException.BadQuality e -> 422;
            case FaceException.UndecodableImage e -> 422;
            case FaceException.ImageTooLarge e -> 413;
            case FaceException.DownloadFailed e -> 502;
            case FaceException.Unauthorized e -> 401;
            case FaceException.RateLimited e -> 429;
            case FaceException.BackendUnavailable e -> 503;
            case FaceException.Unsupported e -> 501;
            case FaceException.Internal e -> 500;
        };
    }

    /**
     * Rebuilds a failure. A body that is not a well-formed error (a proxy's HTML page, a newer
     * peer's unknown type) becomes {@link FaceException.Internal} naming what arrived.
     */
    public static FaceException fromJson(JsonNode node) {
        String type = text(node, "type");
        String message = text(node, "message");
        try {
            return switch (type) {
                case "NotFound" -> new FaceException.NotFound(resource(node), text(node, "id"));
                case "AlreadyExists" -> new FaceException.AlreadyExists(resource(node), text(node, "id"));
                case "InvalidArgument" -> new FaceException.InvalidArgument(text(node, "field"), message);
                case "QuotaExceeded" -> new FaceException.QuotaExceeded(
                        FaceException.Quota.valueOf(text(node, "quota")), node.path("limit").asLong(), message);
                case "NoFace" -> new FaceException.NoFace();
                case "BadQuality" -> new FaceException.BadQuality(message, checks(node));
                case "UndecodableImage" -> new FaceException.UndecodableImage(message);
                case "ImageTooLarge" -> node.path("limitPixels").asLong() > 0
                        ? FaceException.ImageTooLarge.pixels(node.path("limitPixels").asLong())
                        : new FaceException.ImageTooLarge(node.path("limitBytes").asLong());
                case "DownloadFailed" -> new FaceException.DownloadFailed(
                        message, FaceException.DownloadFailed.Reason.valueOf(text(node, "reason")), null);
                case "Unauthorized" -> new FaceException.Unauthorized(message);
                case "RateLimited" -> new FaceException.RateLimited(message);
                case "BackendUnavailable" -> new FaceException.BackendUnavailable(message, null);
                case "Unsupported" -> new FaceException.Unsupported(message);
                case "Internal" -> new FaceException.Internal(message, null);
                default -> new FaceException.Internal("remote engine failed with an unknown error type '" + type
                        + "': " + message, null);
            };
        } catch (IllegalArgumentException e) {
            return new FaceException.Internal("remote engine sent a malformed " + type + " error: " + message, e);
        }
    }

    private static java.util.List<io.polyface.spi.QualityCheck> checks(JsonNode node) {
        java.util.List<io.polyface.spi.QualityCheck> checks = new java.util.ArrayList<>();
        node.path("failedChecks").forEach(c -> checks.add(io.polyface.spi.QualityCheck.valueOf(c.asText())));
        return checks;
    }

    private static FaceException.Resource resource(JsonNode node) {
        return FaceException.Resource.valueOf(text(node, "resource").toUpperCase(Locale.ROOT));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : "";
    }

    /** The simple class name, which is the {@code type} on the wire. */
    private static String typeName(FaceException failure) {
        return failure.getClass().getSimpleName();
    }
}
