package io.polyface.conformance.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.polyface.conformance.Contract;
import io.polyface.conformance.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks FacePass over HTTP to one endpoint: JSON bodies, multipart forms and query strings. Every
 * exchange is recorded for failure messages; every JSON answer is checked against the dialect's
 * contract and, in its raw text (clients read FacePass answers by character offset), must be the
 * envelope with its keys in the real server's order (the document's captured answers) and every
 * rect in the captured compare answer's order. Thread-safe.
 */
public final class FacepassClient {
    /** The envelope's keys as the document's captured answers (compare, config) send them. */
    static final List<String> ENVELOPE = List.of("code", "message", "timecost", "timestamp", "data");
    /** A rect's keys as the captured compare answer sends them. */
    static final List<String> RECT = List.of("bottom", "left", "right", "top");
    private static final Pattern RECT_OBJECT = Pattern.compile("\"rect\"\\s*:\\s*\\{[^{}]*}");
    private static final String BOUNDARY = "----conformanceFacepass7d1e";

    private final String baseUrl;
    private final Contract contract;
    private final HttpTransport http = new HttpTransport();

    /** @param baseUrl the FacePass root, e.g. {@code http://127.0.0.1:8080/facepass} */
    public FacepassClient(String baseUrl, Contract contract) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.contract = requireNonNull(contract, "contract is null");
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

    /** {@code /api/face/v1/<operation>} with a face token (query, delete). */
    public FacepassResponse face(String operation, Object faceToken) {
        return postJson("/api/face/v1/" + operation, Map.of("face_token", faceToken));
    }

    /** {@code /api/group/v1/<operation>} with a group name (create, delete, query). */
    public FacepassResponse group(String operation, Object groupName) {
        return postJson("/api/group/v1/" + operation, Map.of("group_name", groupName));
    }

    /** {@code /api/group/v1/<operation>} with a group name and a face token (bind, unbind). */
    public FacepassResponse binding(String operation, String groupName, Object faceToken) {
        return postJson("/api/group/v1/" + operation, Map.of("group_name", groupName, "face_token", faceToken));
    }

    public FacepassResponse postForm(String path, Part... parts) {
        return send("POST", path, "multipart/form-data; boundary=" + BOUNDARY, multipart(List.of(parts)));
    }

    /** A url-encoded form, as /service/config takes it. */
    public FacepassResponse postUrlEncoded(String path, Map<String, String> fields) {
        return send("POST", path, "application/x-www-form-urlencoded", urlEncoded(fields).getBytes(StandardCharsets.UTF_8));
    }

    public FacepassResponse get(String path, Map<String, String> query) {
        String pathAndQuery = query.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + urlEncoded(query);
        return send("GET", pathAndQuery, "", new byte[0]);
    }

    /** The fields as {@code name=value} pairs joined by {@code &}, each URL-encoded: a query string or a form body. */
    private static String urlEncoded(Map<String, String> fields) {
        StringBuilder encoded = new StringBuilder();
        fields.forEach((k, v) -> encoded.append(encoded.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return encoded.toString();
    }

    /** Any bytes with any method and content type, for malformed requests. */
    public FacepassResponse send(String method, String pathAndQuery, String contentType, byte[] body) {
        String url = baseUrl + pathAndQuery;
        String shown = contentType.startsWith("multipart/") ? "(multipart form, " + body.length + " bytes)" : HttpTransport.shown(body);
        HttpTransport.Received received = http.send(method, url, contentType.isEmpty() ? Map.of() : Map.of("Content-Type", contentType),
                body, url, shown, r -> isJson(r) ? new String(r.body(), StandardCharsets.UTF_8)
                        : "(" + type(r) + ", " + r.body().length + " bytes)");
        String type = type(received.response());
        JsonNode parsed = MissingNode.getInstance();
        if (isJson(received.response())) {
            String text = received.text();
            String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
            contract.check(method, path, received.status(), text);
            parsed = HttpTransport.parse(text);
            List<String> keys = new ArrayList<>();
            parsed.fieldNames().forEachRemaining(keys::add);
            if (!keys.equals(ENVELOPE) || !FacepassResponse.inOrder(text, ENVELOPE)) {
                throw new AssertionError("the envelope's keys in the order " + ENVELOPE
                        + " (facepass-server.md captured compare and config answers), but: " + text);
            }
            Matcher rect = RECT_OBJECT.matcher(text);
            while (rect.find()) {
                if (!FacepassResponse.inOrder(rect.group(), RECT)) {
                    throw new AssertionError("a rect's keys in the order " + RECT + " (facepass-server.md captured compare answer), but: "
                            + rect.group());
                }
            }
        }
        return new FacepassResponse(received.exchange(), type, received.response().body(), parsed);
    }

    private static String type(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static boolean isJson(HttpResponse<?> response) {
        return type(response).startsWith("application/json");
    }

    static byte[] json(Object body) {
        return HttpTransport.json(body);
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
