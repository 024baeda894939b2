package io.polyface.gateway.internal;

import static io.polyface.toolkit.image.ImageFiles.startsWith;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a client sent and what it was answered into text fit to keep in the request journal:
 * secrets dropped (authorization and cookie headers, any header or parameter whose name says
 * "secret", such as SenseTime's {@code api_secret}), images and other long base64 or binary content
 * replaced by their size and SHA-256 ({@code <image 12345 bytes sha256:...>}), and the result cut to a
 * bound. A body nothing was replaced in keeps its exact text.
 *
 * <p>Stateless and thread-safe.
 */
final class JournalScrubber {
    static final String DROPPED = "<dropped>";
    /** Shorter strings are ids, tokens and names; a face photo in base64 runs to tens of kilobytes. */
    private static final int MIN_BASE64_CHARS = 200;
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    /** Its own mapper: decimals read as BigDecimal keep every digit the client sent when written back. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final int maxBodyBytes;

    JournalScrubber(int maxBodyBytes) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes is negative");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A request's or response's headers, content type and body as the journal keeps them. */
    JournalEntry.Message message(Map<String, List<String>> headers, String contentType, byte[] body) {
        String text = body(contentType, body);
        String kept = cut(text, maxBodyBytes);
        return new JournalEntry.Message(headers(headers), contentType, body.length, kept, kept.length() < text.length());
    }

    static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SECRET_HEADERS.contains(lower) && !secret(lower)) {
                kept.put(name, List.copyOf(values));
            }
        });
        return kept;
    }

    static Map<String, List<String>> parameters(Map<String, List<String>> parameters) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        parameters.forEach((name, values) -> kept.put(name, secret(name) ? List.of(DROPPED)
                : values.stream().map(v -> replacement(v).orElse(v)).toList()));
        return kept;
    }

    private static boolean secret(String name) {
        return name.toLowerCase(Locale.ROOT).contains("secret");
    }

    // ---- bodies --------------------------------------------------------------------------------

    static String body(String contentType, byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String type = contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith("multipart/")) {
            Optional<String> parts = parameter(contentType, "boundary").flatMap(b -> multipart(body, b));
            if (parts.isPresent()) {
                return parts.get();
            }
        }
        Optional<String> text = utf8(body);
        if (text.isEmpty()) {
            return blob(body);
        }
        // JSON whatever the label: curl -d sends JSON as a form, and some dialects read it so.
        String stripped = text.get().stripLeading();
        if (stripped.startsWith("{") || stripped.startsWith("[")) {
            Optional<String> json = json(text.get());
            if (json.isPresent()) {
                return json.get();
            }
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(text.get());
        }
        return replacement(text.get().strip()).orElseGet(() -> secretsInText(text.get()));
    }

    private static final java.util.regex.Pattern JSON_SECRET =
            java.util.regex.Pattern.compile("(?i)(\"[^\"]*secret[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"?");
    private static final java.util.regex.Pattern FORM_SECRET = java.util.regex.Pattern.compile("(?i)([\\w.%-]*secret[\\w.%-]*=)[^&\\s]*");

    /** Text that parsed as nothing (JSON cut short, say) still loses what looks like a secret's value. */
    private static String secretsInText(String text) {
        String json = JSON_SECRET.matcher(text).replaceAll("$1\"" + DROPPED + "\"");
        return FORM_SECRET.matcher(json).replaceAll("$1" + DROPPED);
    }

    /** The JSON with secrets and images replaced, or its exact text when there was nothing to replace. */
    private static Optional<String> json(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (tree == null || !scrub(tree)) {
            return Optional.of(text);
        }
        try {
            return Optional.of(JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Replaces in place; true when anything was. */
    private static boolean scrub(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (secret(name) && !value.isNull()) {
                    object.put(name, DROPPED);
                    changed = true;
                } else if (value.isTextual()) {
                    Optional<String> replaced = replacement(value.textValue());
                    if (replaced.isPresent()) {
                        object.put(name, replaced.get());
                        changed = true;
                    }
                } else {
                    changed |= scrub(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                Optional<String> replaced = value.isTextual() ? replacement(value.textValue()) : Optional.empty();
                if (replaced.isPresent()) {
                    array.set(i, TextNode.valueOf(replaced.get()));
                    changed = true;
                } else {
                    changed |= scrub(value);
                }
            }
        }
        return changed;
    }

    private static String form(String text) {
        List<String> pairs = new ArrayList<>();
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (eq < 0) {
                pairs.add(pair);
            } else if (secret(name)) {
                pairs.add(pair.substring(0, eq + 1) + DROPPED);
            } else {
                Optional<String> replaced = replacement(decode(pair.substring(eq + 1)));
                pairs.add(replaced.map(r -> pair.substring(0, eq + 1) + r).orElse(pair));
            }
        }
        return String.join("&", pairs);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * One line per part: {@code part NAME (filename="F", TYPE): VALUE}. Files and binary parts are
     * blobs; text parts are scrubbed like form values. Empty when the body is not the multipart it says.
     */
    private static Optional<String> multipart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        while (true) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                return Optional.empty();
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headerEnd < 0 || headerEnd > next) {
                return Optional.empty();
            }
            // The part's content ends at the CRLF before the next delimiter.
            int contentEnd = Math.max(headerEnd + 4, next - 2);
            String partHeaders = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, contentEnd);
            lines.add(part(partHeaders, content));
            at = next;
        }
        return Optional.of(String.join("\n", lines));
    }

    private static String part(String headers, byte[] content) {
        String name = "?";
        Optional<String> filename = Optional.empty();
        String type = "";
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                name = parameter(line, "name").orElse(name);
                filename = parameter(line, "filename");
            } else if (lower.startsWith("content-type:")) {
                type = line.substring(line.indexOf(':') + 1).strip();
            }
        }
        StringBuilder description = new StringBuilder("part ").append(name);
        if (filename.isPresent() || !type.isEmpty()) {
            List<String> details = new ArrayList<>();
            filename.ifPresent(f -> details.add("filename=\"" + f + "\""));
            if (!type.isEmpty()) {
                details.add(type);
            }
            description.append(" (").append(String.join(", ", details)).append(')');
        }
        description.append(": ");
        Optional<String> text = filename.isPresent() ? Optional.empty() : utf8(content);
        if (secret(name)) {
            description.append(DROPPED);
        } else if (text.isEmpty()) {
            description.append(blob(content));
        } else {
            description.append(replacement(text.get().strip()).orElse(text.get()));
        }
        return description.toString();
    }

    /** A parameter of a header value ({@code boundary=...}, {@code name="..."}), quotes removed. */
    private static Optional<String> parameter(String header, String name) {
        for (String piece : header.split(";")) {
            String p = piece.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = p.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    // ---- images and other blobs ------------------------------------------------------------------

    /**
     * What stands for a string that carries bytes: a {@code data:} URI with base64 content, or a long
     * run of base64. Empty for any other string.
     */
    static Optional<String> replacement(String value) {
        if (value.startsWith("data:")) {
            int comma = value.indexOf(',');
            if (comma > 0 && value.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
                return decodeBase64(value.substring(comma + 1)).map(JournalScrubber::blob);
            }
            return Optional.empty();
        }
        if (value.length() < MIN_BASE64_CHARS || !base64Alphabet(value)) {
            return Optional.empty();
        }
        return decodeBase64(value).map(bytes -> image(bytes) ? blob(bytes) : "<base64 " + bytes.length + " bytes sha256:" + sha256(bytes) + ">");
    }

    private static boolean base64Alphabet(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/' || c == '-' || c == '_' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Optional<byte[]> decodeBase64(String value) {
        String compact = value.replace("\r", "").replace("\n", "").strip();
        try {
            return Optional.of(compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code <image N bytes sha256:...>} for a picture, {@code <binary N bytes sha256:...>} otherwise. */
    static String blob(byte[] bytes) {
        return "<" + (image(bytes) ? "image" : "binary") + " " + bytes.length + " bytes sha256:" + sha256(bytes) + ">";
    }

    /** JPEG, PNG, GIF, BMP, WebP or TIFF, by their leading bytes. */
    private static boolean image(byte[] b) {
        return startsWith(b, 0xFF, 0xD8, 0xFF)
                || startsWith(b, 0x89, 'P', 'N', 'G')
                || startsWith(b, 'G', 'I', 'F', '8')
                || startsWith(b, 'B', 'M') && b.length > 26
                || startsWith(b, 'R', 'I', 'F', 'F') && b.length > 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P'
                || startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static Optional<String> utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    return Optional.empty();
                }
            }
            return Optional.of(text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The longest prefix of the text that fits in max UTF-8 bytes, never splitting a character. */
    static String cut(String text, int max) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > max) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
