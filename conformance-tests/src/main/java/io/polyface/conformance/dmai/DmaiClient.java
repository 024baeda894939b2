package io.polyface.conformance.dmai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.conformance.Contract;
import io.polyface.conformance.Exchange;
import io.polyface.conformance.ExchangeLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Speaks DM-AI over HTTP to one endpoint, records every exchange for failure messages, and checks
 * every answer against the dialect's contract. Thread-safe.
 */
public final class DmaiClient {
    static final String API = "/api/v1/engine/recocomp";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final String baseUrl;
    private final Contract contract;
    private final HttpClient http;

    /** @param baseUrl the DM-AI root, e.g. {@code http://127.0.0.1:8080/dmai} */
    public DmaiClient(String baseUrl, Contract contract) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.contract = requireNonNull(contract, "contract is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** POSTs a JSON body to an API path such as {@code /create/collection}, as the document's examples do. */
    public DmaiResponse post(String apiPath, Object body) {
        return send("POST", apiPath, json(body));
    }

    /** Sends any bytes with any method, for malformed requests; {@code body} may be empty. */
    public DmaiResponse send(String method, String apiPath, byte[] body) {
        String path = API + apiPath;
        return exchange(method, path, body);
    }

    /** A path outside the API, for unknown-path tests. */
    public DmaiResponse sendRaw(String method, String pathBelowRoot, byte[] body) {
        return exchange(method, pathBelowRoot, body);
    }

    private DmaiResponse exchange(String method, String path, byte[] body) {
        String url = baseUrl + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String shownRequest = Exchange.abbreviate(new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.UTF_8))
                + (body.length > 64 * 1024 ? " (" + body.length + " bytes in all)" : "");
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Exchange failed = new Exchange(method, url, shownRequest, -1, e.toString(), Duration.ofNanos(System.nanoTime() - started));
            ExchangeLog.record(failed);
            throw new AssertionError("no response from " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + url, e);
        }
        Exchange exchange = new Exchange(method, url, shownRequest, response.statusCode(), response.body(),
                Duration.ofNanos(System.nanoTime() - started));
        ExchangeLog.record(exchange);
        List<String> violations = contract.violations(method, path, response.statusCode(), response.body());
        if (!violations.isEmpty()) {
            throw new AssertionError("a response that matches " + contract.resource() + " for " + method + " " + path
                    + ", but: " + String.join("; ", violations));
        }
        return new DmaiResponse(exchange, parse(response.body()));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
    }
}
