package io.polyface.conformance.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.conformance.Contract;
import io.polyface.conformance.Exchange;
import io.polyface.conformance.ExchangeLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speaks FacePass over HTTP to one endpoint: JSON bodies, multipart forms and query strings. Every
 * exchange is recorded for failure messages; every JSON answer is checked against the dialect's
 * contract and must be the envelope with its keys in the documented order. Thread-safe.
 */
public final class FacepassClient {
    static final List<String> ENVELOPE = List.of("code", "message", "timestamp", "timecost", "data");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String BOUNDARY = "----conformanceFacepass7d1e";

    private final String baseUrl;
    private final Contract contract;
    private final HttpClient http;

    /** @param baseUrl the FacePass root, e.g. {@code http://127.0.0.1:8080/facepass} */
    public FacepassClient(String baseUrl, Contract contract) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.contract = requireNonNull(contract, "contract is null");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One field of a multipart form: text, or a file with a name. */
    public record Part(String name, Optional<String> filename, byte[] content) {
        public static Part text(String name, String value) {
            return new Part(name, Optional.empty(), value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String filename, byte[] content) {
            return new Part(name, Optional.of(filename), content);
        }
    }

    public FacepassResponse postJson(String path, Object body) {
        return send("POST", path, "application/json", json(body));
    }

    public FacepassResponse postForm(String path, Part... parts) {
        return send("POST", path, "multipart/form-data; boundary=" + BOUNDARY, multipart(List.of(parts)));
    }

    /** A url-encoded form, as /service/config takes it. */
    public FacepassResponse postUrlEncoded(String path, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send("POST", path, "application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public FacepassResponse get(String path, Map<String, String> query) {
        Map<String, String> ordered = new LinkedHashMap<>(query);
        StringBuilder url = new StringBuilder(path);
        ordered.forEach((k, v) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send("GET", url.toString(), "", new byte[0]);
    }

    /** Any bytes with any method and content type, for malformed requests. */
    public FacepassResponse send(String method, String pathAndQuery, String contentType, byte[] body) {
        String url = baseUrl + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        String shown = contentType.startsWith("multipart/") ? "(multipart form, " + body.length + " bytes)"
                : Exchange.abbreviate(new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.UTF_8));
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            ExchangeLog.record(new Exchange(method, url, shown, -1, e.toString(), Duration.ofNanos(System.nanoTime() - started)));
            throw new AssertionError("no response from " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + url, e);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        boolean json = type.startsWith("application/json");
        String text = json ? new String(response.body(), StandardCharsets.UTF_8) : "(" + type + ", " + response.body().length + " bytes)";
        Exchange exchange = new Exchange(method, url, shown, response.statusCode(), text, Duration.ofNanos(System.nanoTime() - started));
        ExchangeLog.record(exchange);
        JsonNode parsed = MissingNode.getInstance();
        if (json) {
            String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
            List<String> violations = contract.violations(method, path, response.statusCode(), text);
            if (!violations.isEmpty()) {
                throw new AssertionError("a response that matches " + contract.resource() + " for " + method + " " + path
                        + ", but: " + String.join("; ", violations));
            }
            parsed = parse(text);
            List<String> keys = new ArrayList<>();
            parsed.fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(ENVELOPE)) {
                throw new AssertionError("the envelope's keys in the order " + ENVELOPE + " (common section), but: " + keys);
            }
        }
        return new FacepassResponse(exchange, type, response.body(), parsed);
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

    static byte[] multipart(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"");
            part.filename().ifPresent(f -> head.append("; filename=\"").append(f).append('"'));
            head.append("\r\n");
            if (part.filename().isPresent()) {
                head.append("Content-Type: application/octet-stream\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
