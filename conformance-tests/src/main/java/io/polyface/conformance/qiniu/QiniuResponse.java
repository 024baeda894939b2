package io.polyface.conformance.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Exchange;
import java.util.ArrayList;
import java.util.List;

/** A Qiniu answer: the exchange and its JSON body (missing when there was none or it was not JSON). */
public record QiniuResponse(Exchange exchange, JsonNode json) {
    public QiniuResponse {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(json, "json is null");
    }

    public int status() {
        return exchange.status();
    }

    public String error() {
        return json.path("error").asText("");
    }

    public List<String> strings(String pointer) {
        List<String> values = new ArrayList<>();
        json.at(pointer).forEach(v -> values.add(v.asText()));
        return values;
    }
}
