package io.polyface.conformance.dmai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.conformance.EndpointResponse;
import io.polyface.conformance.Exchange;
import java.util.ArrayList;
import java.util.List;

/**
 * A DM-AI answer: the exchange that produced it and its JSON body ({@link MissingNode} when the
 * body was not JSON).
 */
public record DmaiResponse(Exchange exchange, JsonNode json) implements EndpointResponse {
    public DmaiResponse {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(json, "json is null");
    }

    /** The {@code err_code}, or -1 when the body has none. */
    public int errCode() {
        return intField("err_code");
    }

    public String status() {
        return json.path("status").asText();
    }

    public List<Integer> integers(String pointer) {
        List<Integer> values = new ArrayList<>();
        json.at(pointer).forEach(v -> values.add(v.asInt()));
        return values;
    }
}
