package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One operation of a contract, as the fuzzer needs it: where it is, what it takes, and what it may
 * answer.
 *
 * @param name the contract's {@code x-operation} (or {@code operationId})
 * @param pathTemplate the contract's path, e.g. {@code /v1/face/groups/{group}/add}
 * @param parameters its path and query parameters
 * @param bodies the request body's schema per media type, in the contract's order; empty: no body
 * @param answers per documented HTTP status, the codes its examples document ({@link AnswerRules#code})
 * @param binaryAnswers per documented HTTP status, the media types other than JSON it may answer with
 */
public record Operation(Dialect dialect, String name, String method, String pathTemplate, List<Parameter> parameters,
        Map<String, JsonNode> bodies, Map<Integer, Set<String>> answers, Map<Integer, Set<String>> binaryAnswers) {
    public Operation {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(name, "name is null");
        requireNonNull(method, "method is null");
        requireNonNull(pathTemplate, "pathTemplate is null");
        parameters = List.copyOf(parameters);
        bodies = Collections.unmodifiableMap(new LinkedHashMap<>(bodies));
        answers = Map.copyOf(answers);
        binaryAnswers = Map.copyOf(binaryAnswers);
    }

    /** A path or query parameter. */
    public record Parameter(String name, String in, boolean required, JsonNode schema) {
        public Parameter {
            requireNonNull(name, "name is null");
            requireNonNull(in, "in is null");
            requireNonNull(schema, "schema is null");
        }

        public boolean inPath() {
            return in.equals("path");
        }
    }

    /** {@code dmai POST /api/v1/engine/recocomp/face/insert}. */
    public String title() {
        return dialect.id() + " " + method + " " + pathTemplate;
    }

    public List<Parameter> pathParameters() {
        return parameters.stream().filter(Parameter::inPath).toList();
    }

    public List<Parameter> queryParameters() {
        return parameters.stream().filter(p -> p.in().equals("query")).toList();
    }

    /** Whether the contract documents this code at this status for this operation. */
    public boolean documents(int status, String code) {
        return answers.getOrDefault(status, Set.of()).contains(code);
    }

    public boolean documentsStatus(int status) {
        return answers.containsKey(status);
    }

    /** A delete, remove, clear or unbind: sent last in each pass, so the other operations find their objects. */
    public boolean destructive() {
        String lower = (name + " " + pathTemplate).toLowerCase(Locale.ROOT);
        return lower.contains("delete") || lower.contains("remove") || lower.contains("clear") || lower.contains("unbind");
    }
}
