package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.text.ClientText;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The errors of Qiniu's older API generation (argus/feature_group): {@code {"error": "..."}} with
 * the status its Go server gives (qiniu httputil), in its words where its source has them: an
 * unknown group is 400 {@code group <id> not exists}, an existing one 400 {@code group already
 * exists}, a repeated id 400 {@code id already exists}, an image without a face 400 {@code not face
 * detected}; other failures keep the dialect's statuses and messages ({@link QiniuDialect#status}).
 * The same pairs fill the per-image {@code errors} of an add.
 */
final class QiniuLegacyErrors {
    /** The answer of the Go server's mux to a path none of its routes takes ({@code http.NotFound}). */
    static final String NOT_FOUND_TEXT = "404 page not found\n";

    private QiniuLegacyErrors() {
    }

    /** One error as the older generation reports it: an HTTP status and a message. */
    record Failure(int code, String message) {
        Failure {
            if (code < 400) {
                throw new IllegalArgumentException("not an error status: " + code);
            }
            requireNonNull(message, "message is null");
        }

        ObjectNode toJson() {
            ObjectNode item = Json.object();
            item.put("code", code);
            item.put("message", message);
            return item;
        }
    }

    static Failure of(FaceException failure) {
        return switch (failure) {
            case FaceException.NotFound notFound -> notFound.resource() == FaceException.Resource.COLLECTION
                    ? new Failure(400, "group " + ClientText.echo(notFound.id()) + " not exists")
                    : asTheDialectSays(failure);
            case FaceException.AlreadyExists exists -> switch (exists.resource()) {
                case COLLECTION -> new Failure(400, "group already exists");
                case FACE, IMAGE -> new Failure(400, "id already exists");
                case TAG, PERSON, TASK -> asTheDialectSays(failure);
            };
            case FaceException.NoFace noFace -> new Failure(400, "not face detected");
            case FaceException.InvalidArgument invalid -> asTheDialectSays(invalid);
            case FaceException.QuotaExceeded quota -> asTheDialectSays(quota);
            case FaceException.BadQuality bad -> asTheDialectSays(bad);
            case FaceException.UndecodableImage undecodable -> asTheDialectSays(undecodable);
            case FaceException.ImageTooLarge tooLarge -> asTheDialectSays(tooLarge);
            case FaceException.DownloadFailed download -> asTheDialectSays(download);
            case FaceException.Unauthorized unauthorized -> asTheDialectSays(unauthorized);
            case FaceException.RateLimited limited -> asTheDialectSays(limited);
            case FaceException.BackendUnavailable unavailable -> asTheDialectSays(unavailable);
            case FaceException.Unsupported unsupported -> asTheDialectSays(unsupported);
            case FaceException.Internal internal -> asTheDialectSays(internal);
        };
    }

    private static Failure asTheDialectSays(FaceException failure) {
        return new Failure(QiniuDialect.status(failure), QiniuDialect.message(failure));
    }

    static DialectResponse reply(Failure failure) {
        ObjectNode body = Json.object();
        body.put("error", failure.message());
        return QiniuReply.json(failure.code(), body);
    }

    static DialectResponse reply(int status, String message) {
        return reply(new Failure(status, message));
    }

    /** A handler whose failures are answered as the older generation answers them. */
    static QiniuDialect.TenantHandler guard(QiniuDialect.TenantHandler handler) {
        return (request, tenant) -> {
            try {
                return handler.handle(request, tenant);
            } catch (FaceException failure) {
                return reply(of(failure));
            }
        };
    }

    /**
     * Whether a path the dialect does not serve is one of the older generation's: its face and image
     * group paths, but not the feature-version admin API's ({@code /v1/face/group/feature...} and
     * {@code /v1/face/group/<id>/feature...}), which keeps its own envelope.
     */
    static boolean isLegacyPath(String path) {
        String[] segments = path.replaceAll("^/+", "").split("/+");
        if (segments.length < 3 || !segments[0].equals("v1") || !segments[2].equals("group")) {
            return false;
        }
        if (segments[1].equals("image")) {
            return true;
        }
        boolean admin = segments.length > 3 && segments[3].equals("feature")
                || segments.length > 4 && segments[4].equals("feature");
        return segments[1].equals("face") && !admin;
    }

    /** 404 as Go's {@code http.NotFound} writes it: plain text, not JSON. */
    static DialectResponse notFound() {
        return new DialectResponse(404, "text/plain; charset=utf-8", Map.of("X-Content-Type-Options", "nosniff"),
                NOT_FOUND_TEXT.getBytes(StandardCharsets.UTF_8));
    }
}
