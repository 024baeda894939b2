package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP exchange every dialect's client is built on: sends one request over HTTP/1.1, records
 * the exchange in the {@link ExchangeLog} for failure messages, and turns a missing response into a
 * test failure. What a request means (paths, signatures, envelopes) stays in the dialect's client.
 * Thread-safe.
 */
public final class HttpTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** How much of a request body a report shows at most. */
    private static final int SHOWN_BYTES = 64 * 1024;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** A response that arrived, and the exchange recorded for it. */
    public record Received(Exchange exchange, HttpResponse<byte[]> response) {
        public Received {
            requireNonNull(exchange, "exchange is null");
            requireNonNull(response, "response is null");
        }

        public int status() {
            return response.statusCode();
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }

    /** Sends a request and records it as it is, its body and answer shown as text. */
    public Received send(String method, String url, Map<String, String> headers, byte[] body) {
        return send(method, url, headers, body, url, shown(body), r -> new String(r.body(), StandardCharsets.UTF_8));
    }

    /**
     * Sends a request and records it as reports should show it.
     *
     * @param headers request headers, e.g. {@code Content-Type}
     * @param body the request body; empty for none
     * @param shownUrl the URL as reports show it (without secrets, say)
     * @param shownRequest the request body as reports show it
     * @param shownResponse the response body as reports show it
     * @throws AssertionError when no response arrives
     */
    public Received send(String method, String url, Map<String, String> headers, byte[] body, String shownUrl,
            String shownRequest, Function<HttpResponse<byte[]>, String> shownResponse) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            ExchangeLog.record(new Exchange(method, shownUrl, shownRequest, -1, e.toString(), Duration.ofNanos(System.nanoTime() - started)));
            throw new AssertionError("no response from " + shownUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + shownUrl, e);
        }
        Exchange exchange = new Exchange(method, shownUrl, shownRequest, response.statusCode(), shownResponse.apply(response),
                Duration.ofNanos(System.nanoTime() - started));
        ExchangeLog.record(exchange);
        return new Received(exchange, response);
    }

    /** A request body as reports show it: its first 64 KiB as text, image data abbreviated. */
    public static String shown(byte[] body) {
        return Exchange.abbreviate(new String(body, 0, Math.min(body.length, SHOWN_BYTES), StandardCharsets.UTF_8));
    }

    /** True when a request body is longer than {@link #shown} shows. */
    public static boolean cut(byte[] body) {
        return body.length > SHOWN_BYTES;
    }

    /** A response body as JSON, or the missing node when it is not JSON. */
    public static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A request body written as JSON. */
    public static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
    }
}
