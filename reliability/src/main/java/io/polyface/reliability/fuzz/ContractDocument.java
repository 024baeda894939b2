package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.conformance.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A dialect's OpenAPI 3.1 contract read for its operations: each path and method, its parameters
 * and request bodies (with {@code $ref}s left for {@link #resolve}), and the codes its response
 * examples document per status, read as the conformance suite's {@code Contract} reads them.
 */
public final class ContractDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    private final Dialect dialect;
    private final JsonNode document;
    /** A vendor dialect's contract as the conformance suites read it; empty for the native protocol. */
    private final Optional<Contract> contract;
    private final AnswerRules answers;
    private final SetupPlan setupPlan;

    private ContractDocument(Dialect dialect, JsonNode document, Optional<Contract> contract) {
        this.dialect = dialect;
        this.document = document;
        this.contract = contract;
        this.answers = contract.<AnswerRules>map(c -> ContractAnswers.read(dialect.contractResource(), document, c.schemas()))
                .orElse(NativeAnswers.INSTANCE);
        this.setupPlan = contract.isPresent() ? SetupPlan.read(dialect.contractResource(), document) : SetupPlan.NATIVE;
    }

    /**
     * Reads a dialect's contract from the class path once: a vendor's YAML through the conformance
     * suites' {@link Contract}, the native protocol's JSON here. A vendor contract without its fuzzer
     * extensions, or with a malformed one, is refused.
     */
    public static ContractDocument load(Dialect dialect) {
        requireNonNull(dialect, "dialect is null");
        if (!dialect.equals(Dialect.NATIVE)) {
            Contract contract = Contract.load(dialect.id());
            return new ContractDocument(dialect, contract.document(), Optional.of(contract));
        }
        try (InputStream in = ContractDocument.class.getClassLoader().getResourceAsStream(dialect.contractResource())) {
            if (in == null) {
                throw new IllegalStateException(dialect.contractResource() + " is not on the class path");
            }
            return new ContractDocument(dialect, JSON.readTree(in), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dialect.contractResource(), e);
        }
    }

    /** A vendor dialect's contract, for checking answers against it; empty for the native protocol. */
    public Optional<Contract> contract() {
        return contract;
    }

    public Dialect dialect() {
        return dialect;
    }

    public JsonNode document() {
        return document;
    }

    /**
     * How to read the dialect's answers: its contract's {@code info.x-polyface-answers}, or, for the
     * native protocol, the fuzzer's own rules.
     */
    public AnswerRules answers() {
        return answers;
    }

    /**
     * What the fuzzer makes in the dialect before each pass: its contract's
     * {@code info.x-polyface-fuzz-setup}, or, for the native protocol, the fuzzer's own plan.
     */
    public SetupPlan setupPlan() {
        return setupPlan;
    }

    /** Follows a local {@code $ref} (one level; callers resolve what they reach in turn). */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 32; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are read: " + ref);
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }

    /** Every operation, in document order. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(operation(path.getKey(), method, path.getValue(), operation));
                }
            }
        });
        return List.copyOf(operations);
    }

    /** The operation at a contract path and method. */
    public Operation operation(String method, String pathTemplate) {
        return operations().stream().filter(o -> o.method().equalsIgnoreCase(method) && o.pathTemplate().equals(pathTemplate))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(dialect.contractResource() + " has no " + method + " "
                        + pathTemplate));
    }

    private Operation operation(String path, String method, JsonNode pathItem, JsonNode operation) {
        String name = operation.path("x-operation").asText(operation.path("operationId").asText(method + " " + path));
        List<Operation.Parameter> parameters = new ArrayList<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode parameter = resolve(p);
                parameters.add(new Operation.Parameter(parameter.path("name").asText(), parameter.path("in").asText(),
                        parameter.path("required").asBoolean(false), parameter.path("schema")));
            }
        }
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        resolve(operation.path("requestBody")).path("content").properties()
                .forEach(media -> bodies.put(media.getKey(), media.getValue().path("schema")));
        Map<Integer, Set<String>> answers = new LinkedHashMap<>();
        Map<Integer, Set<String>> binary = new LinkedHashMap<>();
        operation.path("responses").properties().forEach(response -> {
            if (!response.getKey().matches("\\d{3}")) {
                return;
            }
            int status = Integer.parseInt(response.getKey());
            Set<String> codes = answers.computeIfAbsent(status, s -> new HashSet<>());
            JsonNode content = resolve(response.getValue()).path("content");
            if (content.isEmpty()) {
                codes.add(response.getKey());
            }
            content.properties().forEach(media -> {
                if (!media.getKey().toLowerCase(Locale.ROOT).contains("json")) {
                    binary.computeIfAbsent(status, s -> new HashSet<>()).add(media.getKey());
                }
                if (media.getValue().path("examples").isEmpty()) {
                    codes.add(response.getKey());
                }
                media.getValue().path("examples").properties().forEach(example -> codes.add(
                        Contract.exampleCode(example.getKey(), example.getValue().path("value"), response.getKey())));
            });
        });
        return new Operation(dialect, name, method.toUpperCase(Locale.ROOT), path, parameters, bodies, answers, binary);
    }
}
