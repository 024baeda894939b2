package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request the fuzzer made, before authentication is added: method, the path below the
 * dialect's prefix (already encoded, as it goes on the wire), query fields, and a body.
 *
 * @param mutation what was done to the valid request, for reports ({@code baseline} for none)
 */
public record FuzzRequest(String method, String path, List<Field> query, Body body, String mutation) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FuzzRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        query = List.copyOf(query);
        requireNonNull(body, "body is null");
        requireNonNull(mutation, "mutation is null");
    }

    /** A name and a value, of a query string, a form or a multipart text part. */
    public record Field(String name, String value) {
        public Field {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** A multipart part: a text field, or a file when it has a file name. */
    public record Part(String name, Optional<String> filename, byte[] content) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(filename, "filename is null");
            requireNonNull(content, "content is null");
        }

        public static Part text(String name, String value) {
            return new Part(name, Optional.empty(), value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, byte[] content) {
            return new Part(name, Optional.of("image.jpg"), content);
        }
    }

    /** A request body. */
    public sealed interface Body {
        /** No body at all. */
        record None() implements Body {
        }

        record Json(JsonNode value) implements Body {
            public Json {
                requireNonNull(value, "value is null");
            }
        }

        record Form(List<Field> fields) implements Body {
            public Form {
                fields = List.copyOf(fields);
            }
        }

        record Multipart(List<Part> parts) implements Body {
            public Multipart {
                parts = List.copyOf(parts);
            }
        }

        /** Bytes as they are, with the content type to send, if any. */
        record Raw(byte[] bytes, Optional<String> contentType) implements Body {
            public Raw {
                requireNonNull(bytes, "bytes is null");
                requireNonNull(contentType, "contentType is null");
            }
        }
    }

    /** The body's bytes and content type as they go on the wire. */
    public record Encoded(byte[] bytes, Optional<String> contentType) {
        public Encoded {
            requireNonNull(bytes, "bytes is null");
            requireNonNull(contentType, "contentType is null");
        }
    }

    public FuzzRequest withBody(Body other, String how) {
        return new FuzzRequest(method, path, query, other, how);
    }

    public FuzzRequest withQuery(List<Field> other, String how) {
        return new FuzzRequest(method, path, other, body, how);
    }

    public FuzzRequest withPath(String other, String how) {
        return new FuzzRequest(method, other, query, body, how);
    }

    /**
     * Whether the path's dot segments take it above the dialect's prefix: {@code /..} below {@code
     * /sensetime} is the gateway's {@code /}. The web server resolves literal dot segments before
     * any dialect sees the path (RFC 3986, section 5.2.4), so the answer is not the dialect's.
     */
    public boolean leavesThePrefix() {
        String[] segments = path.split("\\?", 2)[0].split("/", -1);
        int depth = 0;
        for (int i = 1; i < segments.length; i++) {
            switch (segments[i]) {
                case ".." -> depth--;
                case "." -> {
                }
                default -> depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    /** The path and query string as they go on the request line. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + formEncode(query);
    }

    public Encoded encode() {
        return encode(body);
    }

    static Encoded encode(Body body) {
        return switch (body) {
            case Body.None none -> new Encoded(new byte[0], Optional.empty());
            case Body.Json json -> new Encoded(json(json.value()), Optional.of("application/json"));
            case Body.Form form -> new Encoded(formEncode(form.fields()).getBytes(StandardCharsets.UTF_8),
                    Optional.of("application/x-www-form-urlencoded"));
            case Body.Multipart multipart -> multipart(multipart.parts());
            case Body.Raw raw -> new Encoded(raw.bytes(), raw.contentType());
        };
    }

    static byte[] json(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String formEncode(List<Field> fields) {
        return fields.stream().map(f -> URLEncoder.encode(f.name(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(f.value(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static final String BOUNDARY = "----polyface-reliability-7d3f";

    private static Encoded multipart(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + part.filename().map(f -> "; filename=\"" + f + "\"\r\nContent-Type: application/octet-stream").orElse("")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Encoded(out.toByteArray(), Optional.of("multipart/form-data; boundary=" + BOUNDARY));
    }

    /** How reports show the request: method, target (cut), mutation. */
    public String describe(String prefix) {
        String target = prefix + target();
        if (target.length() > 160) {
            target = target.substring(0, 160) + "...(" + target.length() + " chars)";
        }
        return method + " " + target + " [" + mutation + "]";
    }
}
