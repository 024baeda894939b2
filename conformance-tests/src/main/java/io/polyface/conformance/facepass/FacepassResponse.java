package io.polyface.conformance.facepass;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.conformance.EndpointResponse;
import io.polyface.conformance.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A FacePass answer: the exchange, the raw body (images and the sync stream are binary) and the
 * JSON envelope ({@link MissingNode} when the body is not JSON).
 */
public record FacepassResponse(Exchange exchange, String contentType, byte[] body, JsonNode json) implements EndpointResponse {
    public FacepassResponse {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        requireNonNull(json, "json is null");
    }

    /** The envelope's {@code code}, or -1 when there is none. */
    public int code() {
        return intField("code");
    }

    public String message() {
        return json.path("message").asText();
    }

    /** Asserts a refusal: HTTP 400 and this envelope message ({@code what} names the call). */
    public void assertRefused(String what, String message) {
        assertThat(httpStatus()).as("HTTP status of " + what).isEqualTo(400);
        assertThat(message()).as(what).isEqualTo(message);
    }

    public JsonNode data() {
        return json.path("data");
    }

    /** The top-level keys in the order they were sent. */
    public List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The body as text, as a client that reads by character offset sees it. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Where {@code "key"} first stands in the raw body, or -1. */
    public int offset(String key) {
        return text().indexOf('"' + key + '"');
    }

    /**
     * Whether each key stands in the text as {@code "key":}, first occurrences in the given order
     * (top-level keys of an envelope come before its data, so first occurrences are theirs).
     */
    static boolean inOrder(String text, List<String> keys) {
        int last = -1;
        for (String key : keys) {
            int at = text.indexOf('"' + key + '"');
            if (at <= last) {
                return false;
            }
            last = at;
        }
        return true;
    }
}
