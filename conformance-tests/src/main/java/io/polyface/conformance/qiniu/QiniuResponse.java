package io.polyface.conformance.qiniu;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.EndpointResponse;
import io.polyface.conformance.Exchange;
import org.assertj.core.api.SoftAssertions;

/**
 * A Qiniu answer: the exchange, its JSON body (missing when there was none or it was not JSON) and
 * its content type (empty when none was sent).
 */
public record QiniuResponse(Exchange exchange, JsonNode json, String contentType) implements EndpointResponse {
    public QiniuResponse {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(json, "json is null");
        requireNonNull(contentType, "contentType is null");
    }

    /** The body exactly as received. */
    public String body() {
        return exchange.responseBody();
    }

    public int status() {
        return exchange.status();
    }

    public String error() {
        return json.path("error").asText("");
    }

    /** Asserts Qiniu's error answer: this HTTP status and {@code {"error": error}}. */
    public void assertError(int status, String error) {
        assertThat(status()).as(exchange.describe()).isEqualTo(status);
        assertThat(error()).as("error of " + exchange.describe()).isEqualTo(error);
    }

    /** {@link #assertError(int, String)} softly: the failures are collected in {@code soft}, which the caller asserts. */
    public void assertError(SoftAssertions soft, int status, String error) {
        soft.assertThat(status()).as(exchange.describe()).isEqualTo(status);
        soft.assertThat(error()).as("error of " + exchange.describe()).isEqualTo(error);
    }
}
