package io.polyface.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The calling side of the native protocol, without HTTP: request bodies out, results and failures in. */
public final class NativeClientCodec {
    private static final ObjectMapper JSON = NativeJson.mapper();

    private NativeClientCodec() {
    }

    /** The request body of a call: its arguments by name. */
    public static byte[] request(NativeCall call, Object[] args) {
        List<NativeCall.Parameter> parameters = call.parameters();
        int count = args == null ? 0 : args.length;
        if (count != parameters.size()) {
            throw new IllegalArgumentException(call.wireName() + " takes " + parameters.size() + " arguments, not " + count);
        }
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < count; i++) {
            body.set(parameters.get(i).name(), NativeJson.tree(args[i], parameters.get(i).type()));
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException | IllegalStateException e) {
            throw new FaceException.Internal("cannot encode the arguments of " + call.wireName(), e);
        }
    }

    /**
     * The result of a call answered with HTTP 200.
     *
     * @throws FaceException.Internal if the body is not the call's result
     */
    public static Object result(NativeCall call, byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.has("result")) {
                throw new FaceException.Internal("the remote engine answered " + call.wireName() + " without a result", null);
            }
            JavaType type = JSON.getTypeFactory().constructType(call.result());
            if (type.hasRawClass(void.class)) {
                return null;
            }
            return JSON.treeToValue(root.get("result"), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new FaceException.Internal("the remote engine's answer to " + call.wireName() + " cannot be read", e);
        }
    }

    /**
     * The failure a non-200 answer carries. A body without a native error (a proxy's page, an
     * empty body) is judged by its status alone.
     */
    public static FaceException error(int status, byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.path("error").isObject()) {
                return NativeErrors.fromJson(root.get("error"));
            }
        } catch (IOException e) {
            // not JSON: fall through to the status
        }
        String excerpt = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return switch (status) {
            case 401, 403 -> new FaceException.Unauthorized("the remote engine refused the credentials (HTTP " + status + ")");
            case 429 -> new FaceException.RateLimited("the remote engine is rate limiting (HTTP 429)");
            case 502, 503, 504 -> new FaceException.BackendUnavailable(
                    "the remote engine is unavailable (HTTP " + status + ")", null);
            default -> new FaceException.Internal("the remote engine answered HTTP " + status
                    + (excerpt.isEmpty() ? "" : ": " + excerpt), null);
        };
    }
}
