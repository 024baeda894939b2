package io.polyface.conformance.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.EndpointResponse;
import io.polyface.conformance.Exchange;
import java.util.Map;
import java.util.Optional;

/**
 * A SenseTime answer: the exchange, its JSON body ({@code MissingNode} when not JSON) and its
 * headers (names in lower case).
 */
public record SensetimeResponse(Exchange exchange, JsonNode json, Map<String, String> headers) implements EndpointResponse {
    public SensetimeResponse {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(json, "json is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    }

    /** The {@code status} field: "OK" or an error such as "INVALID_FACE". */
    public String status() {
        return json.path("status").asText();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public String text(String field) {
        return json.path(field).asText();
    }
}
