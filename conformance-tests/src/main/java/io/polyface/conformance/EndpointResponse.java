package io.polyface.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What every answer of an endpoint under test has, whatever its dialect: the exchange that produced
 * it and its JSON body (a {@code MissingNode} when the body was not JSON), and the readings of them
 * that every suite uses. Not the SPI's {@code io.polyface.spi.dialect.DialectResponse}, which a
 * dialect renders inside the gateway.
 */
public interface EndpointResponse {
    /** The request sent and the response received, as failure messages show them. */
    Exchange exchange();

    /** The body as JSON; a {@code MissingNode} when it was not JSON. */
    JsonNode json();

    /** The HTTP status of the answer. */
    default int httpStatus() {
        return exchange().status();
    }

    /** The integer at this top-level field of the body (an envelope's code), or -1 when there is none. */
    default int intField(String field) {
        JsonNode value = json().get(field);
        return value != null && value.isInt() ? value.intValue() : -1;
    }

    /** The values of the array at this JSON pointer, as text; empty when there is none. */
    default List<String> strings(String pointer) {
        List<String> values = new ArrayList<>();
        json().at(pointer).forEach(v -> values.add(v.asText()));
        return values;
    }
}
