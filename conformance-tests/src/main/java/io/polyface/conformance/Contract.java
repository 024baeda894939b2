package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A dialect's vendor contract: the OpenAPI 3.1 document its plugin ships as
 * {@code contract/<dialect>-openapi.yaml}. It says which codes each operation documents (the
 * cells of the coverage matrix) and checks every response a test receives.
 *
 * <p>Conventions of the document: each operation carries {@code x-operation} (its name) and
 * {@code x-doc-section}; its documented codes are the named examples {@code err_<code>} of its
 * responses, each carrying the code in its body ({@code err_code} or {@code code}) or, for a binary
 * answer, in its name. Behaviour taken from a real server rather than the document says so: the
 * operation's {@code x-doc-section}, or one example's {@code x-basis}, reads
 * {@code observed: <source>} (the server source or captured answer it rests on).
 * Thread-safe.
 */
public final class Contract {
    /** Strict about repeated keys: a mis-indented schema reads as one, and would silently check nothing. */
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    private final String dialect;
    private final String resource;
    private final JsonNode document;
    private final ResponseSchemas schemas;

    /** One documented outcome of one operation. */
    public record Cell(String operation, String code, String section) {
        public Cell {
            requireNonNull(operation, "operation is null");
            requireNonNull(code, "code is null");
            requireNonNull(section, "section is null");
        }
    }

    private Contract(String dialect, String resource, JsonNode document) {
        this.dialect = dialect;
        this.resource = resource;
        this.document = document;
        this.schemas = new ResponseSchemas(resource);
    }

    /** Where a dialect's plugin ships its contract on the class path. */
    public static String resource(String dialect) {
        return "contract/" + dialect + "-openapi.yaml";
    }

    /** Loads the contract of a dialect from the class path. */
    public static Contract load(String dialect) {
        String resource = resource(dialect);
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No contract for dialect '" + dialect + "': " + resource
                        + " is not on the class path (it ships in the dialect's plugin).");
            }
            return new Contract(dialect, resource, YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    public String dialect() {
        return dialect;
    }

    /** The contract as read, for tools that read more of it than the conformance suites do. */
    public JsonNode document() {
        return document;
    }

    /** The validator of the contract's schemas, loaded once with the contract. */
    public ResponseSchemas schemas() {
        return schemas;
    }

    public String resource() {
        return resource;
    }

    /** Every documented (operation, code) cell, in document order, each operation once. */
    public List<Cell> documentedCells() {
        Map<String, Cell> cells = new LinkedHashMap<>();
        document.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                String name = operation.path("x-operation").asText(operation.path("operationId").asText());
                String section = operation.path("x-doc-section").asText("");
                operation.path("responses").properties().forEach(response -> response.getValue()
                        .path("content").properties().forEach(media -> media.getValue().path("examples").properties()
                                .forEach(example -> {
                                    String code = exampleCode(example.getKey(), example.getValue().path("value"), response.getKey());
                                    String basis = example.getValue().path("x-basis").asText(section);
                                    cells.putIfAbsent(name + " " + code, new Cell(name, code, basis));
                                })));
            }
        });
        return List.copyOf(cells.values());
    }

    /**
     * The code an example documents: its body's {@code err_code} (DM-AI) or {@code code} (FacePass),
     * else the {@code <code>} of its name {@code err_<code>} (binary answers), else the HTTP status.
     * The attack suite reads a contract's codes the same way.
     */
    public static String exampleCode(String exampleName, JsonNode value, String status) {
        if (value.has("err_code")) {
            return value.path("err_code").asText();
        }
        if (value.has("code")) {
            return value.path("code").asText();
        }
        return exampleName.startsWith("err_") ? exampleName.substring(4) : status;
    }

    /** The documented operations, in document order. */
    public List<String> operations() {
        return documentedCells().stream().map(Cell::operation).distinct().toList();
    }

    /**
     * Checks a response against the schema the contract gives for that path, method and HTTP
     * status. A path or status the contract does not describe yields no violations: other tests
     * judge those.
     *
     * @param path the request path below the dialect's root, e.g. {@code /api/v1/engine/recocomp/version}
     * @return the violations, empty when the response conforms
     */
    public List<String> violations(String method, String path, int status, String body) {
        Optional<String> pointer = responseSchemaPointer(method.toLowerCase(Locale.ROOT), path, status);
        if (pointer.isEmpty()) {
            return List.of();
        }
        return schemas.violations(pointer.get(), body);
    }

    /**
     * Fails, as a test assertion, when a response breaks the contract.
     *
     * @param path the request path below the dialect's root, as for {@link #violations}
     * @throws AssertionError naming the contract, the operation and every violation
     */
    public void check(String method, String path, int status, String body) {
        List<String> violations = violations(method, path, status, body);
        if (!violations.isEmpty()) {
            throw new AssertionError("a response that matches " + resource + " for " + method + " " + path
                    + ", but: " + String.join("; ", violations));
        }
    }

    private Optional<String> responseSchemaPointer(String method, String path, int status) {
        JsonNode operation = document.path("paths").path(path).path(method);
        if (operation.isMissingNode()) {
            return Optional.empty();
        }
        String statusKey = Integer.toString(status);
        if (operation.path("responses").path(statusKey).path("content").path("application/json").path("schema").isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of("/paths/" + escape(path) + "/" + method + "/responses/" + statusKey
                + "/content/application~1json/schema");
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }
}
