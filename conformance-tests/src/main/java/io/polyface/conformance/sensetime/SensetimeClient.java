package io.polyface.conformance.sensetime;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.Contract;
import io.polyface.conformance.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Speaks SenseTime over HTTP for one account, in each of the four ways the document allows
 * parameters to be sent. Every exchange is recorded for failure messages, every answer is checked
 * against the contract, and every answer (but a 413 before any operation ran) must carry the three
 * {@code X-RateLimit-*} headers. A call refused with RATE_LIMIT_EXCEEDED is sent again once the
 * window its {@code X-RateLimit-Reset} names has passed, as a client of the real service does, so
 * that an account's ordinary rate limit slows a run down rather than failing it; a client made to
 * see that refusal (the suite's rate-limit test) does not wait. Thread-safe.
 */
public final class SensetimeClient {
    private static final List<String> RATE_HEADERS = List.of("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");
    /** The longest window waited out; a longer one is the account's limit, not a burst, and fails the test. */
    private static final long MAX_WAIT_SECONDS = 60;
    private static final int MAX_WAITS = 3;

    private final String baseUrl;
    private final Contract contract;
    private final SensetimeCredentials credentials;
    private final boolean waitsOutRateLimits;
    private final HttpTransport http = new HttpTransport();

    public SensetimeClient(String baseUrl, Contract contract, SensetimeCredentials credentials) {
        this(baseUrl, contract, credentials, true);
    }

    /** @param waitsOutRateLimits false for a client whose test is the RATE_LIMIT_EXCEEDED answer itself */
    public SensetimeClient(String baseUrl, Contract contract, SensetimeCredentials credentials, boolean waitsOutRateLimits) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.contract = requireNonNull(contract, "contract is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.waitsOutRateLimits = waitsOutRateLimits;
    }

    public SensetimeCredentials credentials() {
        return credentials;
    }

    /** A GET with every parameter in the query string (the document's recommended way). */
    public SensetimeResponse get(String path, Map<String, ?> params) {
        return send("GET", path + "?" + query(withCredentials(params)), Optional.empty(), new byte[0]);
    }

    /** A POST with the credentials in the query string and the parameters as a JSON body. */
    public SensetimeResponse post(String path, Map<String, ?> params) {
        return send("POST", path + "?" + query(withCredentials(Map.of())), Optional.of("application/json"), HttpTransport.json(params));
    }

    /** A POST with every parameter, credentials included, in the query string and no body. */
    public SensetimeResponse postQuery(String path, Map<String, ?> params) {
        return send("POST", path + "?" + query(withCredentials(params)), Optional.empty(), new byte[0]);
    }

    /** A POST of an {@code application/x-www-form-urlencoded} body holding every parameter. */
    public SensetimeResponse form(String path, Map<String, ?> params) {
        return send("POST", path, Optional.of("application/x-www-form-urlencoded"),
                query(withCredentials(params)).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code multipart/form-data} POST of text fields and, if given, a {@code file} part. */
    public SensetimeResponse multipart(String path, Map<String, ?> fields, Optional<byte[]> file) {
        String boundary = "----polyface" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        withCredentials(fields).forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        file.ifPresent(bytes -> {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"image\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send("POST", path, Optional.of("multipart/form-data; boundary=" + boundary), out.toByteArray());
    }

    /** Uploads an image to /face/detection with further fields. */
    public SensetimeResponse detect(byte[] image, Map<String, ?> fields) {
        return multipart("/face/detection", fields, Optional.of(image));
    }

    /** Anything: a method, a path with its query string (credentials added), a content type and a body. */
    public SensetimeResponse raw(String method, String path, Optional<String> contentType, byte[] body) {
        String separator = path.contains("?") ? "&" : "?";
        return send(method, path + separator + query(withCredentials(Map.of())), contentType, body);
    }

    private Map<String, Object> withCredentials(Map<String, ?> params) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("api_id", credentials.apiId());
        all.put("api_secret", credentials.apiSecret());
        all.putAll(params);
        return all;
    }

    private static String query(Map<String, ?> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
            query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
        });
        return query.toString();
    }

    private SensetimeResponse send(String method, String pathAndQuery, Optional<String> contentType, byte[] body) {
        SensetimeResponse response = exchange(method, pathAndQuery, contentType, body);
        for (int waits = 0; waitsOutRateLimits && waits < MAX_WAITS && rateLimited(response); waits++) {
            long seconds = Long.parseLong(response.headers().get("x-ratelimit-reset"));
            if (seconds > MAX_WAIT_SECONDS) {
                break;
            }
            try {
                Thread.sleep(Duration.ofSeconds(seconds).plusMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            response = exchange(method, pathAndQuery, contentType, body);
        }
        return response;
    }

    private static boolean rateLimited(SensetimeResponse response) {
        return response.httpStatus() == 403 && response.json().path("status").asText().equals("RATE_LIMIT_EXCEEDED");
    }

    private SensetimeResponse exchange(String method, String pathAndQuery, Optional<String> contentType, byte[] body) {
        String url = baseUrl + pathAndQuery;
        // Reports show requests; the account's secret is never among what they show.
        String shownRequest = contentType.filter(t -> t.startsWith("multipart")).isPresent()
                ? "(multipart body, " + body.length + " bytes)"
                : masked(HttpTransport.shown(body));
        HttpTransport.Received received = http.send(method, url, contentType.map(type -> Map.of("Content-Type", type)).orElse(Map.of()),
                body, masked(url), shownRequest, r -> new String(r.body(), StandardCharsets.UTF_8));
        String path = pathAndQuery.split("\\?", 2)[0];
        contract.check(method, path, received.status(), received.text());
        Map<String, String> headers = new LinkedHashMap<>();
        received.response().headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        if (received.status() != 413) {
            for (String header : RATE_HEADERS) {
                String value = headers.get(header);
                if (value == null || !value.matches("\\d+")) {
                    throw new AssertionError("every answer carries " + header + " (document: 超过调用限制), but " + method + " " + path
                            + " answered HTTP " + received.status() + " with " + (value == null ? "none" : "'" + value + "'"));
                }
            }
        }
        return new SensetimeResponse(received.exchange(), HttpTransport.parse(received.text()), headers);
    }

    private String masked(String text) {
        if (credentials.apiSecret().isEmpty()) {
            return text;
        }
        return text.replace(credentials.apiSecret(), "***")
                .replace(URLEncoder.encode(credentials.apiSecret(), StandardCharsets.UTF_8), "***");
    }
}
