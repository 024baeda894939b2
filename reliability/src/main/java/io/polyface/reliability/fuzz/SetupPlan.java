package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the fuzzer makes in one dialect so that valid requests find something to work on, and how it
 * fills in a request, as the contract's {@code info.x-polyface-fuzz-setup} says:
 * <ul>
 * <li>{@code values}: the value a request field or path parameter of that name takes;
 * <li>{@code strings}: optionally, what a text field of that name is made of, where its schema says
 * no more than "a text": {@code ${photo-uri}} a test photo as a data URI, {@code ${feature:N}} a
 * random feature of N dimensions in base64 (Qiniu's);
 * <li>{@code unsampled}: optionally, members never sent (credentials the suite adds itself, a URL
 * the server would fetch);
 * <li>{@code body-replaces-query}: optionally {@code true} where an operation with a body takes its
 * parameters there, not in the query string too;
 * <li>{@code same-length}: optionally, members that are arrays of one length wherever they stand
 * together (DM-AI's {@code face_image} and {@code target_id}, one id per image): a sampled object
 * has them cut to the shortest;
 * <li>{@code path-values}: optionally, values by path, taken before {@code values}: for a field or
 * path parameter, the first entry whose {@code paths} (a regular expression) is found in the
 * operation's path and that names it;
 * <li>{@code last}: optionally, the operations that delete or empty what the others work on (a
 * group, a collection): each pass sends them after every other deletion, in the contract's order;
 * <li>{@code requests}: sent in order before each pass, each {@code request: METHOD /path} with a
 * {@code json} or {@code multipart} body, and {@code capture}: a value of the answer (a JSON
 * pointer) recorded under a name. In a body a text {@code ${name}} is that value,
 * {@code ${photo:N}} a test photo in base64, {@code ${photo-uri:N}} one as a data URI and, as a
 * multipart part, {@code ${photo-file:N}} one as a file.
 * </ul>
 */
public record SetupPlan(Map<String, JsonNode> values, List<PathValues> pathValues, List<Step> requests, Map<String, Generated> strings,
        Set<String> unsampled, boolean bodyReplacesQuery, List<String> sameLength, Set<String> last) {
    static final String KEY = "x-polyface-fuzz-setup";
    /**
     * The native protocol's: a tenant and a collection name (the fuzzer creates the collection
     * itself), of the engine's own feature version (null: the engine's default), emptied and
     * deleted last.
     */
    static final SetupPlan NATIVE = new SetupPlan(Map.of("tenant", TextNode.valueOf("fuzz"), "name", TextNode.valueOf("fz_native"),
            "featureVersion", NullNode.getInstance()), List.of(), List.of(), Map.of(), Set.of(), false, List.of(),
            Set.of("clearCollection", "deleteCollection"));
    private static final Pattern JSON_POINTER = Pattern.compile("/.*");
    /** A generated text of {@code strings}: {@code ${photo-uri}}, {@code ${feature:512}}. */
    private static final Pattern GENERATED = Pattern.compile("\\$\\{(?:photo-uri|feature:(\\d+))}");

    public SetupPlan {
        values = Map.copyOf(values);
        pathValues = List.copyOf(pathValues);
        requests = List.copyOf(requests);
        strings = Map.copyOf(strings);
        unsampled = Set.copyOf(unsampled);
        sameLength = List.copyOf(sameLength);
        last = Set.copyOf(last);
    }

    /** What a text field of {@code strings} is made of. */
    public sealed interface Generated {
        /** {@code ${photo-uri}}: a test photo as a data URI. */
        record PhotoUri() implements Generated {
        }

        /** {@code ${feature:N}}: a random feature of this many dimensions in base64. */
        record Feature(int dimension) implements Generated {
        }
    }

    /** Values of fields and path parameters for the operations whose path the pattern is found in. */
    public record PathValues(Pattern paths, Map<String, JsonNode> values) {
        public PathValues {
            requireNonNull(paths, "paths is null");
            values = Map.copyOf(values);
        }
    }

    /** One set-up request; its body is JSON, multipart, or none. */
    public record Step(String method, String path, Optional<JsonNode> json, Optional<JsonNode> multipart, Map<String, JsonPointer> captures) {
        public Step {
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(json, "json is null");
            requireNonNull(multipart, "multipart is null");
            captures = Map.copyOf(captures);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The value of a field or path parameter of an operation at this path, if the plan's path-values name one. */
    Optional<JsonNode> valueAt(String pathTemplate, String field) {
        return pathValues.stream().filter(p -> p.values().containsKey(field) && p.paths().matcher(pathTemplate).find())
                .findFirst().map(p -> p.values().get(field));
    }

    /** Reads the extension of a contract; refused, naming the contract and the key, when it is missing or malformed. */
    static SetupPlan read(String contract, JsonNode document) {
        ContractExtension setup = ContractExtension.of(contract, document, KEY);
        List<PathValues> pathValues = new ArrayList<>();
        if (setup.node().has("path-values")) {
            for (ContractExtension entry : setup.objects("path-values")) {
                String paths = entry.text("paths");
                try {
                    pathValues.add(new PathValues(Pattern.compile(paths), members(entry.object("values"))));
                } catch (PatternSyntaxException e) {
                    throw entry.refused("paths", "is not a regular expression: " + e.getDescription());
                }
            }
        }
        List<Step> requests = new ArrayList<>();
        for (ContractExtension request : setup.objects("requests")) {
            String[] line = request.text("request").split(" ", 2);
            if (line.length != 2 || !line[1].startsWith("/")) {
                throw request.refused("request", "is not 'METHOD /path': " + String.join(" ", line));
            }
            Optional<JsonNode> json = request.optionalObject("json");
            Optional<JsonNode> multipart = request.optionalObject("multipart");
            if (json.isPresent() && multipart.isPresent()) {
                throw request.refused("json", "and multipart are both given");
            }
            Map<String, JsonPointer> captures = new LinkedHashMap<>();
            request.namedTexts("capture", JSON_POINTER, "a JSON pointer").forEach((name, pointer) -> captures.put(name,
                    JsonPointer.compile(pointer)));
            requests.add(new Step(line[0].toUpperCase(Locale.ROOT), line[1], json, multipart, captures));
        }
        Map<String, Generated> strings = new LinkedHashMap<>();
        setup.namedTexts("strings", GENERATED, "${photo-uri} or ${feature:N}").forEach((name, text) -> strings.put(name, generated(text)));
        Set<String> unsampled = setup.node().has("unsampled") ? Set.copyOf(setup.texts("unsampled")) : Set.of();
        JsonNode bodyReplacesQuery = setup.node().path("body-replaces-query");
        if (!bodyReplacesQuery.isMissingNode() && !bodyReplacesQuery.isBoolean()) {
            throw setup.refused("body-replaces-query", "is not true or false");
        }
        List<String> sameLength = setup.node().has("same-length") ? setup.texts("same-length") : List.of();
        Set<String> last = setup.node().has("last") ? Set.copyOf(setup.texts("last")) : Set.of();
        return new SetupPlan(members(setup.object("values")), pathValues, requests, strings, unsampled, bodyReplacesQuery.asBoolean(false),
                sameLength, last);
    }

    /** A text of {@code strings}, which {@link ContractExtension#namedTexts} has held to {@link #GENERATED}. */
    private static Generated generated(String text) {
        Matcher matcher = GENERATED.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a generated text: " + text);
        }
        return matcher.group(1) == null ? new Generated.PhotoUri() : new Generated.Feature(Integer.parseInt(matcher.group(1)));
    }

    private static Map<String, JsonNode> members(JsonNode object) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        object.properties().forEach(member -> members.put(member.getKey(), member.getValue()));
        return members;
    }
}
