package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.conformance.Contract;
import io.polyface.reliability.RawHttp;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether one answer is acceptable, whatever the request was: it parses as the
 * dialect's envelope, validates against the contract, carries a code the contract documents for
 * the operation (or a documented protocol error), says nothing of the server's insides, and is no
 * server failure the contract does not document. Thread-safe.
 */
public final class AnswerJudge {
    /**
     * What the web server answers before any dialect runs, in the envelope of the dialect the path
     * names (README, "Architecture"): a malformed request, too large a body, too long a request
     * line or headers, an HTTP version it does not speak.
     */
    private static final Set<Integer> PROTOCOL_ERRORS = Set.of(400, 413, 414, 431, 505);
    /** A Java stack frame, exception class or package name: the server's insides. */
    private static final Pattern INSIDES = Pattern.compile(
            "\\bat [\\w.$]+\\([\\w$]+\\.java:\\d+\\)|\\bjava\\.(lang|io|util|nio)\\.[A-Z]|\\b(io\\.helidon|io\\.polyface|com\\.fasterxml|org\\.bson|com\\.mongodb)\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What kind of failure an answer is, for the area's breakdown. */
    public enum Kind {
        HANG, NO_ANSWER, SERVER_ERROR, NOT_ENVELOPE, CONTRACT, UNDOCUMENTED_CODE, INSIDES
    }

    /** A failed answer: its kind and what was wrong. */
    public record Problem(Kind kind, String message) {
    }

    private final Map<Dialect, Contract> contracts = new HashMap<>();
    private final Map<Dialect, AnswerRules> rules = new HashMap<>();
    private final NativeContractCheck nativeContract = new NativeContractCheck();
    /** Per dialect, every {@code "<status> <code>"} some operation documents. */
    private final Map<Dialect, Set<String>> documentedAnywhere = new HashMap<>();

    /** A judge of every dialect {@link Dialect#found() found}. */
    public AnswerJudge() {
        this(Dialect.found().stream().map(ContractDocument::load).toList());
    }

    /** A judge of the dialects of these contracts. */
    public AnswerJudge(List<ContractDocument> documents) {
        for (ContractDocument document : documents) {
            Dialect dialect = document.dialect();
            document.contract().ifPresent(contract -> contracts.put(dialect, contract));
            rules.put(dialect, document.answers());
            Set<String> documented = new HashSet<>();
            for (Operation operation : document.operations()) {
                operation.answers().forEach((status, codes) -> codes.forEach(code -> documented.add(status + " " + code)));
            }
            documentedAnywhere.put(dialect, Set.copyOf(documented));
        }
    }

    /** How the dialect's answers read. */
    public AnswerRules rules(Dialect dialect) {
        AnswerRules found = rules.get(dialect);
        if (found == null) {
            throw new IllegalArgumentException("no contract of " + dialect.id() + " was given to the judge");
        }
        return found;
    }

    /**
     * An answer to a request whose path left the dialect ({@link FuzzRequest#leavesThePrefix()}):
     * the gateway's own answer for the path it resolves to, in no dialect's envelope. Only a server
     * failure or the server's insides fail.
     */
    public Optional<Problem> judgeOutsideTheDialect(RawHttp.Response response) {
        if (INSIDES.matcher(response.text()).find()) {
            return problem(Kind.INSIDES, "the answer shows the server's insides", response);
        }
        return response.status() >= 500 ? problem(Kind.SERVER_ERROR, "HTTP " + response.status() + " for a path outside the dialect",
                response) : Optional.empty();
    }

    public Optional<Problem> judge(Operation operation, Mutation mutation, RawHttp.Response response) {
        Dialect dialect = operation.dialect();
        AnswerRules rules = rules(dialect);
        int status = response.status();
        String text = response.text();
        if (INSIDES.matcher(text).find()) {
            return problem(Kind.INSIDES, "the answer shows the server's insides", response);
        }
        String contentType = response.contentType().toLowerCase(Locale.ROOT);
        boolean keeps = mutation == null || mutation.keepsOperation();
        Set<String> binary = operation.binaryAnswers().getOrDefault(status, Set.of());
        if (binary.stream().anyMatch(contentType::startsWith)) {
            return Optional.empty();
        }
        if (!keeps && status == 404 && rules.unknownRoute().filter(text::equals).isPresent()) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || body.isMissingNode()) {
            return problem(status >= 500 ? Kind.SERVER_ERROR : Kind.NOT_ENVELOPE, "the answer is not JSON", response);
        }
        if (PROTOCOL_ERRORS.contains(status) && NativeAnswers.INSTANCE.envelopeProblem(status, body).isEmpty()) {
            // Refused before its path could be read (a request line too long): the native envelope.
            return Optional.empty();
        }
        Optional<String> envelope = rules.envelopeProblem(status, body);
        if (envelope.isPresent()) {
            return problem(status >= 500 ? Kind.SERVER_ERROR : Kind.NOT_ENVELOPE, "not " + dialect.id() + "'s envelope: "
                    + envelope.get(), response);
        }
        String code = rules.code(status, body);
        if (dialect.equals(Dialect.NATIVE)) {
            return judgeNative(operation, keeps, code, response);
        }
        if (!keeps) {
            // The request may have left the operation for an unknown path (each dialect's 404) or
            // another operation (a decoded %2F, say): only a server failure no operation of the
            // dialect documents is one.
            return status >= 500 && !documentedAnywhere.get(dialect).contains(status + " " + code)
                    ? problem(Kind.SERVER_ERROR, "HTTP " + status + " (" + code + ") for a path next to " + operation.name(), response)
                    : Optional.empty();
        }
        if (rules.internal(status, code)) {
            return operation.documents(status, code) ? Optional.empty()
                    : problem(Kind.SERVER_ERROR, "a server failure (" + code + ") the contract does not document for " + operation.name(),
                            response);
        }
        boolean success = success(operation, response);
        // A status the operation does not have at all (DM-AI answers everything with 200) is the web
        // server's refusal; where the operation has it, the code must be one it documents.
        boolean protocol = PROTOCOL_ERRORS.contains(status) && !operation.documentsStatus(status);
        if (!success && !protocol && !operation.documents(status, code)) {
            return problem(Kind.UNDOCUMENTED_CODE, "HTTP " + status + " code " + code + " is not documented for " + operation.name(),
                    response);
        }
        List<String> violations = contracts.get(dialect).violations(operation.method(), operation.pathTemplate(), status, text);
        if (!violations.isEmpty()) {
            return problem(Kind.CONTRACT, "breaks the contract: " + String.join("; ", violations), response);
        }
        return Optional.empty();
    }

    /** Whether an answer to an operation says the request succeeded (HTTP 2xx and the dialect's success code). */
    public boolean success(Operation operation, RawHttp.Response response) {
        if (response.status() / 100 != 2) {
            return false;
        }
        AnswerRules rules = rules(operation.dialect());
        try {
            JsonNode body = JSON.readTree(response.body());
            return body != null && rules.success(response.status(), rules.code(response.status(), body));
        } catch (IOException e) {
            // A binary answer (a FacePass image) is a success too.
            return !response.contentType().contains("json");
        }
    }

    private Optional<Problem> judgeNative(Operation operation, boolean keeps, String code, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500 && !NativeAnswers.documentsFailure(code)) {
            return problem(Kind.SERVER_ERROR, "a server failure (" + code + ")", response);
        }
        if (keeps && !PROTOCOL_ERRORS.contains(status) || status == 200) {
            List<String> violations = nativeContract.violations(operation.pathTemplate(), status, response.text());
            if (!violations.isEmpty()) {
                return problem(Kind.CONTRACT, "breaks the contract: " + String.join("; ", violations), response);
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(Kind kind, String what, RawHttp.Response response) {
        String body = response.text();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...(" + response.body().length + " bytes)";
        }
        body = body.replace("\r", "\\r").replace("\n", "\\n");
        return Optional.of(new Problem(kind, what + "; HTTP " + response.status() + " " + response.contentType() + ": " + body));
    }
}
