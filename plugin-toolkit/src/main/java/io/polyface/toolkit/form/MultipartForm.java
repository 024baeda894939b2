package io.polyface.toolkit.form;

import static java.util.Objects.requireNonNull;

import io.polyface.toolkit.text.ClientText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A strict {@code multipart/form-data} reader (RFC 7578 over RFC 2046), for bodies the gateway has
 * already read in full and capped in size. Anything it does not understand is refused with a
 * reason ({@link MalformedFormException}) rather than guessed at: a missing or malformed boundary, a
 * part without {@code Content-Disposition: form-data; name="..."}, a header block that never ends, a
 * missing close delimiter, too many parts, too long a text field.
 */
public final class MultipartForm {
    /** The longest header block of one part. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    /** One part: a text field, or a file when the part names a file name. */
    public record Part(String name, Optional<String> fileName, Optional<String> contentType, byte[] content) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(fileName, "fileName is null");
            requireNonNull(contentType, "contentType is null");
            requireNonNull(content, "content is null");
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /**
     * What a dialect accepts.
     *
     * @param maxParts parts beyond this many are refused
     * @param maxTextBytes the longest text (non-file) field
     */
    public record Limits(int maxParts, int maxTextBytes) {
    }

    private MultipartForm() {
    }

    /** The boundary parameter of a {@code multipart/form-data} content type. */
    public static String boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                // RFC 2046: 1 to 70 characters, not ending in a space.
                if (value.isEmpty() || value.length() > 70 || value.endsWith(" ")) {
                    throw new MalformedFormException("multipart/form-data boundary is malformed");
                }
                return value;
            }
        }
        throw new MalformedFormException("multipart/form-data without a boundary");
    }

    /** The parts of a body, in order. */
    public static List<Part> parse(byte[] body, String boundary, Limits limits) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] innerDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, delimiter, 0, body.length);
        // A preamble is allowed before the first delimiter, which starts the body or a line.
        if (position < 0 || (position > 0 && (position < 2 || body[position - 2] != '\r' || body[position - 1] != '\n'))) {
            throw malformed("the first boundary delimiter is missing");
        }
        position += delimiter.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, position, "--")) {
                return parts; // close delimiter; an epilogue after it is ignored
            }
            position = skipTransportPadding(body, position);
            if (!startsWith(body, position, "\r\n")) {
                throw malformed("a boundary delimiter is not followed by a line break");
            }
            position += 2;
            int headersEnd;
            if (startsWith(body, position, "\r\n")) {
                headersEnd = position - 2; // a part without headers
            } else {
                // Looked for within the header limit only, so a hostile body costs no more than that.
                headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position,
                        Math.min(body.length, position + MAX_HEADER_BYTES + 4));
                if (headersEnd < 0) {
                    throw malformed("the headers of a part do not end");
                }
            }
            Map<String, String> headers = headers(new String(body, position, Math.max(0, headersEnd - position), StandardCharsets.UTF_8));
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, innerDelimiter, contentStart, body.length);
            if (contentEnd < 0) {
                throw malformed("a part is not closed by a boundary delimiter");
            }
            if (parts.size() == limits.maxParts()) {
                throw new MalformedFormException("multipart/form-data body with more than " + limits.maxParts() + " parts");
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd), limits));
            position = contentEnd + innerDelimiter.length;
        }
    }

    private static Part part(Map<String, String> headers, byte[] content, Limits limits) {
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition header");
        }
        Map<String, String> parameters = dispositionParameters(disposition);
        String name = parameters.get("name");
        if (name == null || name.isEmpty()) {
            throw malformed("a part has no field name");
        }
        Optional<String> fileName = Optional.ofNullable(parameters.get("filename"));
        if (fileName.isEmpty() && content.length > limits.maxTextBytes()) {
            throw new MalformedFormException("argument '" + ClientText.echo(name) + "': longer than " + limits.maxTextBytes() + " bytes");
        }
        return new Part(name, fileName, Optional.ofNullable(headers.get("content-type")), content);
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (block.isEmpty()) {
            return headers;
        }
        for (String line : block.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header line has no name");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** {@code form-data; name="file"; filename="a.jpg"}: the type must be form-data. */
    private static Map<String, String> dispositionParameters(String disposition) {
        List<String> pieces = splitOutsideQuotes(disposition);
        if (pieces.isEmpty() || !pieces.getFirst().strip().equalsIgnoreCase("form-data")) {
            throw malformed("a part's Content-Disposition is not form-data");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String piece : pieces.subList(1, pieces.size())) {
            int equals = piece.indexOf('=');
            if (equals <= 0) {
                throw malformed("a Content-Disposition parameter has no value");
            }
            String key = piece.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = piece.substring(equals + 1).strip();
            if (value.startsWith("\"")) {
                if (value.length() < 2 || !value.endsWith("\"")) {
                    throw malformed("a quoted Content-Disposition parameter is not closed");
                }
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            parameters.putIfAbsent(key, value);
        }
        return parameters;
    }

    private static List<String> splitOutsideQuotes(String value) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw malformed("a quoted Content-Disposition parameter is not closed");
        }
        pieces.add(current.toString());
        return pieces;
    }

    /** RFC 2046 allows spaces and tabs between a delimiter and its line break. */
    private static int skipTransportPadding(byte[] body, int position) {
        int p = position;
        while (p < body.length && (body[p] == ' ' || body[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean startsWith(byte[] body, int position, String text) {
        if (position + text.length() > body.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (body[position + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The first index of {@code needle} at or after {@code from} that ends before {@code end}, or -1. */
    private static int indexOf(byte[] haystack, byte[] needle, int from, int end) {
        if (needle.length == 0) {
            return from;
        }
        byte first = needle[0];
        int last = Math.min(haystack.length, end) - needle.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MalformedFormException malformed(String what) {
        return new MalformedFormException("malformed multipart/form-data body: " + what);
    }
}
