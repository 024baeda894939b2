package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.dialect.DialectRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A form body, {@code multipart/form-data} or {@code application/x-www-form-urlencoded}, read
 * strictly: a body that is not a well-formed form of its declared type is {@link
 * FacepassErrorCode#ILLEGAL_JSON_BODY} (the document's code for a request body that cannot be
 * parsed). Limits: at most {@value #MAX_PARTS} parts with at most {@value #MAX_HEADER_BYTES} bytes
 * of headers each; the body as a whole is limited by the gateway ({@code server.max-body-bytes}).
 */
final class FacepassForm {
    static final int MAX_PARTS = 128;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** One field of the form: a value, or an uploaded file with its name. */
    record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] content) {
        Part {
            requireNonNull(name, "name is null");
            requireNonNull(filename, "filename is null");
            requireNonNull(contentType, "contentType is null");
            requireNonNull(content, "content is null");
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, List<Part>> parts;

    private FacepassForm(List<Part> all) {
        Map<String, List<Part>> byName = new LinkedHashMap<>();
        for (Part part : all) {
            byName.computeIfAbsent(part.name(), n -> new ArrayList<>()).add(part);
        }
        this.parts = byName;
    }

    /**
     * The request's form. An empty body is an empty form whatever its type, so that a request
     * without fields is answered MISSING_ARGUMENT rather than ILLEGAL_JSON_BODY.
     */
    static FacepassForm of(DialectRequest request) {
        if (request.body().length == 0) {
            return new FacepassForm(List.of());
        }
        String type = request.contentType().orElse("");
        if (type.equals("multipart/form-data")) {
            String boundary = boundary(request.header("Content-Type").orElse("")).orElseThrow(FacepassFailure::badBody);
            return new FacepassForm(multipart(request.body(), boundary));
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return new FacepassForm(urlEncoded(request.body()));
        }
        throw FacepassFailure.badBody();
    }

    /** Every field name in order of first appearance. */
    List<String> names() {
        return List.copyOf(parts.keySet());
    }

    List<Part> all(String name) {
        return parts.getOrDefault(name, List.of());
    }

    Optional<Part> part(String name) {
        return all(name).stream().findFirst();
    }

    /** A text field; empty when absent. */
    Optional<String> text(String name) {
        return part(name).map(Part::text);
    }

    // ---- multipart/form-data --------------------------------------------------------------

    static Optional<String> boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals("boundary")) {
                String value = pair[1].trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    static List<Part> multipart(byte[] body, String boundary) {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter opens the body, or follows a preamble and a line break.
        int position;
        if (startsWith(body, 0, dash)) {
            position = dash.length;
        } else {
            int found = indexOf(body, delimiter, 0);
            if (found < 0) {
                throw FacepassFailure.badBody();
            }
            position = found + delimiter.length;
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, position, new byte[] {'-', '-'})) {
                return parts; // the close delimiter; an epilogue after it is ignored
            }
            position = skipLinearWhitespace(body, position);
            if (!startsWith(body, position, CRLF)) {
                throw FacepassFailure.badBody();
            }
            position += CRLF.length;
            int headersEnd = indexOf(body, HEADER_END, position);
            if (headersEnd < 0 || headersEnd - position > MAX_HEADER_BYTES) {
                throw FacepassFailure.badBody();
            }
            String headers = new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            int contentStart = headersEnd + HEADER_END.length;
            int contentEnd = indexOf(body, delimiter, contentStart);
            if (contentEnd < 0) {
                throw FacepassFailure.badBody(); // no closing delimiter: truncated
            }
            if (parts.size() == MAX_PARTS) {
                throw FacepassFailure.badBody();
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + delimiter.length;
        }
    }

    private static Part part(String headerBlock, byte[] content) {
        String name = null;
        Optional<String> filename = Optional.empty();
        Optional<String> contentType = Optional.empty();
        boolean formData = false;
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw FacepassFailure.badBody();
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                List<String> items = splitParameters(value);
                formData = !items.isEmpty() && items.getFirst().equalsIgnoreCase("form-data");
                for (String item : items.subList(Math.min(1, items.size()), items.size())) {
                    String[] pair = item.split("=", 2);
                    if (pair.length != 2) {
                        throw FacepassFailure.badBody();
                    }
                    String key = pair[0].trim().toLowerCase(Locale.ROOT);
                    String parameter = unquote(pair[1].trim());
                    if (key.equals("name")) {
                        name = parameter;
                    } else if (key.equals("filename")) {
                        filename = Optional.of(parameter);
                    }
                }
            } else if (header.equals("content-type")) {
                contentType = Optional.of(value);
            }
        }
        if (!formData || name == null || name.isEmpty()) {
            throw FacepassFailure.badBody();
        }
        return new Part(name, filename, contentType, content);
    }

    /** Splits {@code form-data; name="a;b"; filename="c"} on semicolons outside quotes. */
    private static List<String> splitParameters(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                items.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw FacepassFailure.badBody();
        }
        items.add(current.toString().trim());
        return items;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static int skipLinearWhitespace(byte[] body, int position) {
        while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
            position++;
        }
        return position;
    }

    private static boolean startsWith(byte[] body, int position, byte[] prefix) {
        if (position < 0 || position + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[position + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** First index of {@code needle} at or after {@code from}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    // ---- application/x-www-form-urlencoded -------------------------------------------------

    private static List<Part> urlEncoded(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<Part> parts = new ArrayList<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (parts.size() == MAX_PARTS) {
                throw FacepassFailure.badBody();
            }
            String[] kv = pair.split("=", 2);
            try {
                String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                if (name.isEmpty()) {
                    throw FacepassFailure.badBody();
                }
                parts.add(new Part(name, Optional.empty(), Optional.empty(), value.getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw FacepassFailure.badBody();
            }
        }
        return parts;
    }
}
