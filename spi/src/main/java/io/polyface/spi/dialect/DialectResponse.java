package io.polyface.spi.dialect;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response in the vendor's format. */
public record DialectResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public DialectResponse {
        requireNonNull(contentType, "contentType is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    public static DialectResponse json(int status, byte[] body) {
        return new DialectResponse(status, "application/json", Map.of(), body);
    }

    public static DialectResponse json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
