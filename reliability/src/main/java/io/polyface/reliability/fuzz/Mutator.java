package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.polyface.reliability.Photos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Applies a {@link Mutation} to an operation's valid request. Structured bodies are changed as
 * values where a value can say it; what JSON values cannot say (a number past 64 bits, a lone
 * surrogate, invalid UTF-8, duplicate keys, 50,000 levels of nesting) is spliced into the encoded
 * bytes through a placeholder.
 */
public final class Mutator {
    private static final String PLACEHOLDER = "__polyface_fuzz_placeholder__";
    private static final byte[] QUOTED_PLACEHOLDER = ("\"" + PLACEHOLDER + "\"").getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CONTROL = List.of("\u0000", "a\u0000b", "\u0007\b\f\u001b[31m", "\u202e\u2066evil\u2069",
            "\uFEFF\u200B\u200D", "😀👍🏽👨‍👩‍👧", "\r\nX-Injected: 1", "Ω≈ç√∫˜µ≤≥÷", "' OR 1=1 --", "${jndi:ldap://127.0.0.1/x}",
            "<script>alert(1)</script>", "%00%0d%0a");
    /** JSON texts that no Java string serialises to: a lone surrogate, an unpaired low one. */
    private static final List<String> RAW_STRINGS = List.of("\"\\ud800\"", "\"x\\udc00y\"", "\"\\u0000\"");
    private static final List<byte[]> NOT_UTF8 = List.of(new byte[] {'"', (byte) 0xC3, 0x28, '"'},
            new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'}, new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'});
    private static final List<String> NUMBERS = List.of("-1", "0", "-0", "9223372036854775808", "-9223372036854775809",
            "1e308", "1e999", "-1e-400", "123456789012345678901234567890.5", "4.9e-324", "-2147483649", "0.0000001");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data",
            "multipart/form-data; boundary=nope", "application/x-www-form-urlencoded", "application/json",
            "application/json; charset=utf-16", "", "image/jpeg", "a/b/c;;==", "application/octet-stream");
    private static final List<String> PATH_VALUES = List.of("..", ".", "%2e%2e", "..%2f..%2f..%2fadmin%2fdialects",
            "%2e%2e%2f%2e%2e%2fobserve%2fhealth", "%00", "a%00b", "%ff%fe", "%c0%ae%c0%ae", "x%20y", "%252e%252e%252f",
            "a".repeat(10_000), ";x=1", "%3Bjsessionid=1", "%2F", "グループ", "%E3%82%B0");
    private static final List<String> PATH_SUFFIXES = List.of("/..", "/.", "/%2e%2e/%2e%2e/admin/dialects", "//", "/.;/x",
            "%00", "/%ff", "/" + "b".repeat(10_000));

    private final Photos photos;

    public Mutator(Photos photos) {
        this.photos = requireNonNull(photos, "photos is null");
    }

    /** The mutated request, or empty when the mutation does not apply to this request. */
    public Optional<FuzzRequest> apply(Mutation mutation, FuzzRequest request, Operation operation, SchemaSampler sampler, Random random) {
        String how = mutation.label();
        return switch (mutation) {
            case MISSING_REQUIRED -> missingRequired(request, operation, sampler, random).map(r -> relabel(r, how));
            case WRONG_TYPE -> replaceValue(request, random, how, node -> wrongType(node, random), () -> "[1,{\"a\":null}]");
            case HUGE_STRING -> {
                String huge = huge(random);
                yield replaceValue(request, random, how, node -> TextNode.valueOf(huge), () -> huge);
            }
            case DEEP_NESTING -> {
                byte[] deep = deep(random);
                yield splice(request, random, how, deep, new String(deep, StandardCharsets.US_ASCII));
            }
            case UNICODE_CONTROL -> unicode(request, random, how);
            case EXTREME_NUMBER -> {
                String number = NUMBERS.get(random.nextInt(NUMBERS.size()));
                yield splice(request, random, how, number.getBytes(StandardCharsets.US_ASCII), number);
            }
            case BROKEN_IMAGE -> brokenImage(request, random, how);
            case TRUNCATED_BODY -> truncated(request, random, how);
            case WRONG_CONTENT_TYPE -> wrongContentType(request, random, how);
            case DUPLICATE_KEYS -> duplicateKeys(request, random, how);
            case PATH_TRAVERSAL -> Optional.of(traversal(request, operation, random, how));
            case EMPTY_BODY -> request.body() instanceof FuzzRequest.Body.None ? Optional.empty()
                    : Optional.of(request.withBody(new FuzzRequest.Body.None(), how));
        };
    }

    private static FuzzRequest relabel(FuzzRequest request, String how) {
        return new FuzzRequest(request.method(), request.path(), request.query(), request.body(), how);
    }

    // ---- leaving out -------------------------------------------------------------------------

    private Optional<FuzzRequest> missingRequired(FuzzRequest request, Operation operation, SchemaSampler sampler, Random random) {
        List<String> requiredQuery = operation.queryParameters().stream().filter(Operation.Parameter::required)
                .map(Operation.Parameter::name).filter(n -> !n.startsWith("api_")).toList();
        List<String> required = operation.bodies().values().stream().findFirst().map(sampler::required).orElse(List.of());
        switch (request.body()) {
            case FuzzRequest.Body.Json json when json.value().isObject() && !json.value().isEmpty() -> {
                ObjectNode copy = json.value().deepCopy();
                List<String> present = new ArrayList<>();
                copy.fieldNames().forEachRemaining(present::add);
                List<String> candidates = present.stream().filter(required::contains).toList();
                String removed = pick(candidates.isEmpty() ? present : candidates, random);
                copy.remove(removed);
                return Optional.of(request.withBody(new FuzzRequest.Body.Json(copy), "missing " + removed));
            }
            case FuzzRequest.Body.Form form when !form.fields().isEmpty() -> {
                List<FuzzRequest.Field> fields = new ArrayList<>(form.fields());
                fields.remove(random.nextInt(fields.size()));
                return Optional.of(request.withBody(new FuzzRequest.Body.Form(fields), "missing"));
            }
            case FuzzRequest.Body.Multipart multipart when !multipart.parts().isEmpty() -> {
                List<FuzzRequest.Part> parts = new ArrayList<>(multipart.parts());
                parts.remove(random.nextInt(parts.size()));
                return Optional.of(request.withBody(new FuzzRequest.Body.Multipart(parts), "missing"));
            }
            default -> {
                if (requiredQuery.isEmpty()) {
                    return Optional.empty();
                }
                String removed = pick(requiredQuery, random);
                return Optional.of(request.withQuery(request.query().stream().filter(f -> !f.name().equals(removed)).toList(),
                        "missing " + removed));
            }
        }
    }

    // ---- values ------------------------------------------------------------------------------

    /**
     * Changes one value: a JSON body's member (at any depth), a form field, a multipart text part
     * or a query parameter.
     *
     * @param json the new JSON value of a member
     * @param text the new text of a field
     */
    private Optional<FuzzRequest> replaceValue(FuzzRequest request, Random random, String how, UnaryOperator<JsonNode> json,
            Supplier<String> text) {
        switch (request.body()) {
            case FuzzRequest.Body.Json body -> {
                JsonNode copy = body.value().deepCopy();
                List<Slot> slots = slots(copy);
                if (slots.isEmpty()) {
                    return Optional.of(request.withBody(new FuzzRequest.Body.Json(json.apply(copy)), how));
                }
                Slot slot = pick(slots, random);
                slot.set(json.apply(slot.get()));
                return Optional.of(request.withBody(new FuzzRequest.Body.Json(copy), how + " " + slot.name()));
            }
            case FuzzRequest.Body.Form form when !form.fields().isEmpty() -> {
                return Optional.of(request.withBody(new FuzzRequest.Body.Form(replaceField(form.fields(), random, text.get())), how));
            }
            case FuzzRequest.Body.Multipart multipart when !multipart.parts().isEmpty() -> {
                List<FuzzRequest.Part> parts = new ArrayList<>(multipart.parts());
                int i = random.nextInt(parts.size());
                parts.set(i, FuzzRequest.Part.text(parts.get(i).name(), text.get()));
                return Optional.of(request.withBody(new FuzzRequest.Body.Multipart(parts), how + " " + parts.get(i).name()));
            }
            default -> {
                if (request.query().isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(request.withQuery(replaceField(request.query(), random, text.get()), how));
            }
        }
    }

    private static List<FuzzRequest.Field> replaceField(List<FuzzRequest.Field> fields, Random random, String value) {
        List<FuzzRequest.Field> copy = new ArrayList<>(fields);
        int i = random.nextInt(copy.size());
        copy.set(i, new FuzzRequest.Field(copy.get(i).name(), value));
        return copy;
    }

    /**
     * Puts bytes that are JSON text (or, for fields, the given text) where one value was: a JSON
     * body's member is replaced by a placeholder string, and the placeholder's bytes by these.
     */
    private Optional<FuzzRequest> splice(FuzzRequest request, Random random, String how, byte[] jsonText, String fieldText) {
        if (request.body() instanceof FuzzRequest.Body.Json body) {
            JsonNode copy = body.value().deepCopy();
            List<Slot> slots = slots(copy);
            String where = "";
            byte[] encoded;
            if (slots.isEmpty()) {
                encoded = jsonText;
            } else {
                Slot slot = pick(slots, random);
                slot.set(TextNode.valueOf(PLACEHOLDER));
                where = " " + slot.name();
                encoded = replace(FuzzRequest.json(copy), QUOTED_PLACEHOLDER, jsonText);
            }
            return Optional.of(request.withBody(new FuzzRequest.Body.Raw(encoded, Optional.of("application/json")), how + where));
        }
        return replaceValue(request, random, how, node -> TextNode.valueOf(fieldText), () -> fieldText);
    }

    private Optional<FuzzRequest> unicode(FuzzRequest request, Random random, String how) {
        int kind = random.nextInt(4);
        if (kind == 0 && request.body() instanceof FuzzRequest.Body.Json) {
            String raw = pick(RAW_STRINGS, random);
            return splice(request, random, how, raw.getBytes(StandardCharsets.US_ASCII), raw);
        }
        if (kind == 1 && request.body() instanceof FuzzRequest.Body.Json) {
            byte[] bytes = pick(NOT_UTF8, random);
            return splice(request, random, how, bytes, new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String text = pick(CONTROL, random);
        return replaceValue(request, random, how, node -> TextNode.valueOf(text), () -> text);
    }

    private Optional<FuzzRequest> brokenImage(FuzzRequest request, Random random, String how) {
        byte[] broken = photos.broken(random);
        String encoded = switch (random.nextInt(4)) {
            case 0 -> "%%% not base64 @@@";
            case 1 -> Photos.base64(broken).substring(0, Math.max(0, Photos.base64(broken).length() - 1));
            default -> Photos.base64(broken);
        };
        switch (request.body()) {
            case FuzzRequest.Body.Json body -> {
                JsonNode copy = body.value().deepCopy();
                List<Slot> images = slots(copy).stream().filter(s -> image(s.get())).toList();
                if (images.isEmpty()) {
                    return Optional.empty();
                }
                Slot slot = pick(images, random);
                boolean uri = slot.get().asText().startsWith("data:");
                slot.set(TextNode.valueOf(uri ? "data:application/octet-stream;base64," + encoded : encoded));
                return Optional.of(request.withBody(new FuzzRequest.Body.Json(copy), how + " " + slot.name()));
            }
            case FuzzRequest.Body.Multipart multipart -> {
                List<FuzzRequest.Part> parts = new ArrayList<>(multipart.parts());
                List<Integer> files = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i).filename().isPresent()) {
                        files.add(i);
                    }
                }
                if (files.isEmpty()) {
                    return Optional.empty();
                }
                int i = pick(files, random);
                parts.set(i, FuzzRequest.Part.file(parts.get(i).name(), broken));
                return Optional.of(request.withBody(new FuzzRequest.Body.Multipart(parts), how + " " + parts.get(i).name()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean image(JsonNode node) {
        String text = node.asText("");
        return node.isTextual() && (text.startsWith("data:") || text.startsWith("/9j/") || text.startsWith("iVBOR") || text.length() > 1000);
    }

    // ---- bytes ---------------------------------------------------------------------------------

    private static Optional<FuzzRequest> truncated(FuzzRequest request, Random random, String how) {
        FuzzRequest.Encoded encoded = request.encode();
        if (encoded.bytes().length < 2) {
            return Optional.empty();
        }
        byte[] cut = Arrays.copyOf(encoded.bytes(), random.nextInt(encoded.bytes().length));
        return Optional.of(request.withBody(new FuzzRequest.Body.Raw(cut, encoded.contentType()),
                how + " at " + cut.length + " of " + encoded.bytes().length));
    }

    private static Optional<FuzzRequest> wrongContentType(FuzzRequest request, Random random, String how) {
        FuzzRequest.Encoded encoded = request.encode();
        List<String> others = CONTENT_TYPES.stream().filter(t -> encoded.contentType().map(c -> !c.startsWith(t)).orElse(true)).toList();
        String type = pick(others, random);
        byte[] bytes = encoded.bytes().length == 0 ? "{\"a\":1}".getBytes(StandardCharsets.US_ASCII) : encoded.bytes();
        Optional<String> contentType = type.isEmpty() && random.nextBoolean() ? Optional.empty() : Optional.of(type);
        return Optional.of(request.withBody(new FuzzRequest.Body.Raw(bytes, contentType),
                how + " " + contentType.map(t -> "'" + t + "'").orElse("(none)")));
    }

    private static Optional<FuzzRequest> duplicateKeys(FuzzRequest request, Random random, String how) {
        switch (request.body()) {
            case FuzzRequest.Body.Json body when body.value().isObject() -> {
                byte[] encoded = FuzzRequest.json(body.value());
                List<String> names = new ArrayList<>();
                body.value().fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() ? "a" : pick(names, random);
                String duplicate = (names.isEmpty() ? "\"a\":1," : "") + "\"" + name + "\":" + pick(List.of("\"other\"", "[]", "{}",
                        "null", "-1", "true"), random);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(encoded, 0, encoded.length - 1);
                out.writeBytes(((names.isEmpty() ? "" : ",") + duplicate + "}").getBytes(StandardCharsets.UTF_8));
                return Optional.of(request.withBody(new FuzzRequest.Body.Raw(out.toByteArray(), Optional.of("application/json")),
                        how + " " + name));
            }
            case FuzzRequest.Body.Form form when !form.fields().isEmpty() -> {
                List<FuzzRequest.Field> fields = new ArrayList<>(form.fields());
                fields.add(new FuzzRequest.Field(pick(form.fields(), random).name(), "other"));
                return Optional.of(request.withBody(new FuzzRequest.Body.Form(fields), how));
            }
            case FuzzRequest.Body.Multipart multipart when !multipart.parts().isEmpty() -> {
                List<FuzzRequest.Part> parts = new ArrayList<>(multipart.parts());
                FuzzRequest.Part twin = pick(parts, random);
                parts.add(twin.filename().isPresent() ? FuzzRequest.Part.file(twin.name(), Photos.hugePngHeader())
                        : FuzzRequest.Part.text(twin.name(), "other"));
                return Optional.of(request.withBody(new FuzzRequest.Body.Multipart(parts), how + " " + twin.name()));
            }
            default -> {
                if (request.query().isEmpty()) {
                    return Optional.empty();
                }
                List<FuzzRequest.Field> query = new ArrayList<>(request.query());
                query.add(new FuzzRequest.Field(pick(request.query(), random).name(), "other"));
                return Optional.of(request.withQuery(query, how));
            }
        }
    }

    /**
     * A path parameter replaced by a raw (not re-encoded) value, or, for an operation without one,
     * a suffix on its path. Raw dot segments stay within the dialect's part of the path; encoded
     * ones may try to leave it.
     */
    private static FuzzRequest traversal(FuzzRequest request, Operation operation, Random random, String how) {
        List<Operation.Parameter> parameters = operation.pathParameters();
        if (parameters.isEmpty() || random.nextInt(4) == 0) {
            String suffix = pick(PATH_SUFFIXES, random);
            return request.withPath(request.path() + suffix, how + " suffix");
        }
        Operation.Parameter parameter = pick(parameters, random);
        String value = pick(PATH_VALUES, random);
        String template = operation.pathTemplate();
        // Rebuild the path from the template: this parameter raw, the others as the request had them.
        String[] want = template.split("/", -1);
        String[] have = request.path().split("/", -1);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < want.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(want[i].equals("{" + parameter.name() + "}") ? value : i < have.length ? have[i] : want[i]);
        }
        return request.withPath(path.toString(), how + " " + parameter.name() + "=" + (value.length() > 40 ? value.length() + " chars" : value));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A place in a JSON tree that holds a value: an object's member or an array's element. */
    private record Slot(JsonNode parent, String key, int index) {
        JsonNode get() {
            return parent.isObject() ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        String name() {
            return parent.isObject() ? key : "[" + index + "]";
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots, 0);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots, int depth) {
        if (depth > 12) {
            return;
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(p -> {
                slots.add(new Slot(object, p.getKey(), -1));
                collect(p.getValue(), slots, depth + 1);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, "", i));
                collect(array.get(i), slots, depth + 1);
            }
        }
    }

    private static JsonNode wrongType(JsonNode node, Random random) {
        if (node.isTextual()) {
            return random.nextBoolean() ? LongNode.valueOf(12345)
                    : RequestFactory.object().put("a", node.asText().length() > 64 ? "x" : node.asText());
        }
        if (node.isNumber()) {
            return random.nextBoolean() ? TextNode.valueOf("twelve") : RequestFactory.object().putArray("n").add(node);
        }
        if (node.isArray()) {
            return random.nextBoolean() ? RequestFactory.object().put("a", 1) : TextNode.valueOf("[not,an,array]");
        }
        if (node.isObject()) {
            return random.nextBoolean() ? RequestFactory.object().arrayNode().add(1).add("two") : TextNode.valueOf("{}");
        }
        if (node.isBoolean()) {
            return TextNode.valueOf("yes");
        }
        return random.nextBoolean() ? NullNode.instance : BooleanNode.TRUE;
    }

    /** 1 to 5 MB of text. */
    private static String huge(Random random) {
        int size = (1 << 20) + random.nextInt(4 << 20);
        char[] chars = new char[size];
        char base = random.nextBoolean() ? 'A' : 'a';
        for (int i = 0; i < size; i++) {
            chars[i] = (char) (base + (i * 7 + size) % 26);
        }
        return new String(chars);
    }

    /** Arrays or objects nested 600 to 50,000 deep, as JSON text. */
    private static byte[] deep(Random random) {
        int depth = pick(List.of(600, 1_100, 5_000, 50_000), random);
        boolean objects = random.nextBoolean();
        String open = objects ? "{\"a\":" : "[";
        String close = objects ? "}" : "]";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] replace(byte[] haystack, byte[] needle, byte[] with) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(haystack.length - needle.length + with.length);
                out.write(haystack, 0, i);
                out.writeBytes(with);
                out.write(haystack, i + needle.length, haystack.length - i - needle.length);
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("the placeholder is not in the encoded body");
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
