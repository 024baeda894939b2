package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.toolkit.form.MalformedFormException;
import io.polyface.toolkit.form.MultipartForm;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.text.ClientText;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one request, from the four places the document allows ("参数"): the query
 * string, and a body in JSON, {@code application/x-www-form-urlencoded} or {@code
 * multipart/form-data}. A parameter in the body takes precedence over the same one in the query
 * string. Arrays are JSON arrays, comma-separated strings or repeated parameters. Files come only
 * from multipart parts that carry a file name.
 *
 * <p>The document states no lengths; ours keep stored names and echoed ids small: a text
 * parameter, or one item of an array, is at most {@value #MAX_CHARS} characters ({@code user_data}
 * and {@code url}: {@value #MAX_LONG_CHARS}), else INVALID_ARGUMENT. {@code api_id} and {@code
 * api_secret} are only hashed and compared, never stored, and have no limit of their own.
 */
final class SensetimeParams {
    /** Names, ids, numbers, flags: every text parameter without a limit of its own. */
    static final int MAX_CHARS = 256;
    /** {@code user_data} and {@code url}. */
    static final int MAX_LONG_CHARS = 4096;
    private static final Set<String> LONG = Set.of("user_data", "url");
    private static final Set<String> CREDENTIALS = Set.of("api_id", "api_secret");
    /** Parts beyond 64 are refused (no SenseTime API takes more than a handful of fields); a text field holds at most 1 MiB. */
    static final MultipartForm.Limits MULTIPART_LIMITS = new MultipartForm.Limits(64, 1024 * 1024);

    private final Map<String, List<String>> values;
    /** Parameters given as JSON arrays, which a scalar parameter must not be. */
    private final Set<String> jsonArrays;
    private final Map<String, byte[]> files;

    private SensetimeParams(Map<String, List<String>> values, Set<String> jsonArrays, Map<String, byte[]> files) {
        this.values = values;
        this.jsonArrays = jsonArrays;
        this.files = files;
    }

    /** Parameters of a request; a body that cannot be read is an INVALID_ARGUMENT. */
    static SensetimeParams of(DialectRequest request) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> jsonArrays = new HashSet<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, List<String>> fromBody = new LinkedHashMap<>();
        byte[] body = request.body();
        if (body.length > 0) {
            String type = request.contentType().orElseGet(() -> guessType(body));
            switch (type) {
                case "application/json" -> readJson(body, fromBody, jsonArrays);
                case "application/x-www-form-urlencoded" -> readForm(new String(body, StandardCharsets.UTF_8), fromBody);
                case "multipart/form-data" -> readMultipart(request.header("Content-Type").orElseThrow(), body, fromBody, files);
                default -> throw SensetimeFailure.invalidArgument("unsupported Content-Type '" + ClientText.echo(type)
                        + "': use application/json, application/x-www-form-urlencoded or multipart/form-data");
            }
        }
        request.query().forEach((name, list) -> {
            if (!fromBody.containsKey(name) && !files.containsKey(name)) {
                values.put(name, List.copyOf(list));
            }
        });
        values.putAll(fromBody);
        return new SensetimeParams(values, jsonArrays, files);
    }

    /** A body without a Content-Type: JSON when it looks like an object, else a form. */
    private static String guessType(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' ? "application/json" : "application/x-www-form-urlencoded";
        }
        return "application/x-www-form-urlencoded";
    }

    private static void readJson(byte[] body, Map<String, List<String>> into, Set<String> jsonArrays) {
        JsonNode root;
        try {
            root = Json.STRICT.readTree(body);
        } catch (IOException e) {
            throw SensetimeFailure.invalidArgument("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw SensetimeFailure.invalidArgument("request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    items.add(scalar(name, item));
                }
                into.put(name, items);
                jsonArrays.add(name);
            } else {
                into.put(name, List.of(scalar(name, value)));
            }
        }
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return value.numberValue().toString();
        }
        throw SensetimeFailure.invalidArgument("argument '" + ClientText.echo(name) + "': must be a string, a number or a boolean");
    }

    private static void readForm(String form, Map<String, List<String>> into) {
        if (form.isBlank()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded.strip(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SensetimeFailure.invalidArgument("form body has a malformed %-escape");
        }
    }

    /** The parts of a {@code multipart/form-data} body, a malformed one INVALID_ARGUMENT with the reason. */
    static List<MultipartForm.Part> multipart(String contentType, byte[] body) {
        try {
            return MultipartForm.parse(body, MultipartForm.boundary(contentType), MULTIPART_LIMITS);
        } catch (MalformedFormException e) {
            throw SensetimeFailure.invalidArgument(e.getMessage());
        }
    }

    private static void readMultipart(String contentType, byte[] body, Map<String, List<String>> into, Map<String, byte[]> files) {
        for (MultipartForm.Part part : multipart(contentType, body)) {
            if (part.fileName().isPresent()) {
                if (files.putIfAbsent(part.name(), part.content()) != null) {
                    throw SensetimeFailure.invalidArgument("argument '" + ClientText.echo(part.name()) + "': more than one file");
                }
            } else {
                into.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(part.text());
            }
        }
    }

    // ---- reading --------------------------------------------------------------------------

    boolean has(String name) {
        return values.containsKey(name) || files.containsKey(name);
    }

    /** A string parameter; a JSON array where a string is expected is an INVALID_ARGUMENT. */
    Optional<String> text(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return Optional.empty();
        }
        if (jsonArrays.contains(name) || list.isEmpty()) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': must be a string");
        }
        return Optional.of(bounded(name, list.getFirst()));
    }

    private static String bounded(String name, String value) {
        if (CREDENTIALS.contains(name)) {
            return value;
        }
        int max = LONG.contains(name) ? MAX_LONG_CHARS : MAX_CHARS;
        if (ClientText.longerThan(value, max)) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': longer than " + max + " characters");
        }
        return value;
    }

    /** A required string parameter, not empty. */
    String required(String name) {
        String value = text(name).orElseThrow(() -> SensetimeFailure.invalidArgument("missing argument '" + name + "'"));
        if (value.isBlank()) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': must not be empty");
        }
        return value;
    }

    /**
     * An array parameter: the items of a JSON array, of repeated parameters, and of comma-separated
     * strings, trimmed, empty items dropped, duplicates kept once. Present but empty gives an empty list.
     */
    Optional<List<String>> list(String name) {
        List<String> raw = values.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        // A set: a body of a million ids must not cost a million squared comparisons.
        Set<String> items = new LinkedHashSet<>();
        for (String value : raw) {
            for (String item : value.split(",")) {
                String trimmed = item.strip();
                if (!trimmed.isEmpty()) {
                    items.add(bounded(name, trimmed));
                }
            }
        }
        return Optional.of(List.copyOf(items));
    }

    /** A boolean the document writes as 1 or 0; {@code true} and {@code false} are read too. */
    boolean flag(String name) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false", "" -> false;
            default -> throw SensetimeFailure.invalidArgument("argument '" + name + "': must be 0 or 1");
        };
    }

    /** An integer in {@code min..max}, with the document's reason when it is not. */
    int integer(String name, int fallback, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get().strip());
        } catch (NumberFormatException e) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': not an integer");
        }
        if (parsed < min || parsed > max) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': not in range(" + min + ".." + max + ")");
        }
        return parsed;
    }

    /** An uploaded file; the same name given as a text parameter is an INVALID_ARGUMENT. */
    Optional<byte[]> file(String name) {
        if (values.containsKey(name)) {
            throw SensetimeFailure.invalidArgument("argument '" + name + "': upload the file content as multipart/form-data");
        }
        return Optional.ofNullable(files.get(requireNonNull(name, "name is null")));
    }
}
