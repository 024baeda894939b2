package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.MultipartBody;
import io.polyface.toolkit.connector.VendorHttp;
import io.polyface.toolkit.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One SenseTime v1 server as its client sees it: GETs with the credentials in the query string (the
 * only way a GET can carry them), POSTs with the credentials and parameters in a JSON body, the
 * detection upload as multipart/form-data. One attempt per call (the remote engine retries); every
 * answer's rate-limit headers are reported to the engine's signals. An answer whose {@code status}
 * is not {@code OK} is a {@link Failure}; a 202 task answer is returned as it is, for the caller to
 * follow.
 */
final class SensetimeClient {
    /** A documented SenseTime error answer. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final SensetimeStatus status;
        private final String reason;
        private final OptionalLong resetSeconds;

        Failure(SensetimeStatus status, String reason, OptionalLong resetSeconds) {
            super(status.name() + (reason.isEmpty() ? "" : ": " + reason), null, false, false);
            this.status = status;
            this.reason = reason;
            this.resetSeconds = resetSeconds;
        }

        SensetimeStatus status() {
            return status;
        }

        String reason() {
            return reason;
        }

        /** {@code X-RateLimit-Reset} of the answer, when it had one. */
        OptionalLong resetSeconds() {
            return resetSeconds;
        }
    }

    /** An OK answer: its HTTP status (200, or 202 for a task) and body. */
    record Answer(int httpStatus, JsonNode body) {
        boolean isTask() {
            return httpStatus == 202;
        }
    }

    private final ConnectorContext context;
    private final String apiId;
    private final String apiSecret;
    private final VendorHttp http;

    SensetimeClient(ConnectorContext context) {
        this.context = requireNonNull(context, "context is null");
        this.apiId = context.requiredSetting("api-id");
        this.apiSecret = context.requiredSetting("api-secret");
        this.http = new VendorHttp(context, "SenseTime");
    }

    String root() {
        return http.root();
    }

    /** A GET with parameters in the query string, credentials first. */
    Answer get(String path, Map<String, String> parameters) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("api_id", apiId);
        query.put("api_secret", apiSecret);
        query.putAll(parameters);
        return answer(path, http.send(path, http.request(VendorHttp.withQuery(path, query)).GET()));
    }

    /** A POST with a JSON body (the document's second way), the credentials in it. */
    Answer postJson(String path, ObjectNode parameters) {
        ObjectNode body = Json.object();
        body.put("api_id", apiId);
        body.put("api_secret", apiSecret);
        body.setAll(parameters);
        return answer(path, http.send(path, http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SensetimeJson.bytes(body)))));
    }

    /** A POST of a file part named {@code file}, as the document requires for uploads, with text fields. */
    Answer postFile(String path, Map<String, String> fields, byte[] file) {
        MultipartBody body = new MultipartBody().field("api_id", apiId).field("api_secret", apiSecret);
        fields.forEach(body::field);
        body.file("file", "image", file);
        return answer(path, http.send(path, body.postTo(http.request(path))));
    }

    /** The OK answer, or the failure its {@code status} names. */
    private Answer answer(String path, HttpResponse<byte[]> response) {
        JsonNode body = http.envelope(path, response, Json.STRICT, b -> b.path("status").isTextual());
        int code = response.statusCode();
        String status = body.get("status").asText();
        if (status.equalsIgnoreCase("OK")) {
            return new Answer(code, body);
        }
        throw failure(body, status, response.headers().firstValue("X-RateLimit-Reset"), path, code);
    }

    /** The failure an error answer names (also the {@code result} of a failed task). */
    RuntimeException failure(JsonNode body, String status, java.util.Optional<String> reset, String path, int code) {
        SensetimeStatus known;
        try {
            known = SensetimeStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return new FaceException.Internal(context.engineName() + ": SenseTime " + path + " answered status " + status
                    + " (HTTP " + code + ")", null);
        }
        OptionalLong resetSeconds = OptionalLong.empty();
        try {
            if (reset.isPresent()) {
                resetSeconds = OptionalLong.of(Long.parseLong(reset.get().strip()));
            }
        } catch (NumberFormatException e) {
            // no usable reset
        }
        return new Failure(known, body.path("reason").asText(""), resetSeconds);
    }

    /** Reports a RATE_LIMIT_EXCEEDED's wait even when the answer lacked {@code X-RateLimit-Remaining}. */
    void pause(OptionalLong resetSeconds) {
        context.signals().retryAfter(Duration.ofSeconds(Math.max(1, resetSeconds.orElse(1))));
    }

    void close() {
        http.close();
    }
}
