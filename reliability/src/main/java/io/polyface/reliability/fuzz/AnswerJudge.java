package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.conformance.Contract;
import io.polyface.reliability.RawHttp;
import java.io.IOException;
import java.util.EnumMap;
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
    /**
     * Qiniu's server answers an unknown route with Go's plain-text 404, and so does the dialect
     * (README, "The Qiniu dialect": observed in cmd/feature_group_private/main.go).
     */
    private static final String QINIU_UNKNOWN_ROUTE = "404 page not found\n";

    /** What kind of failure an answer is, for the area's breakdown. */
    public enum Kind {
        HANG, NO_ANSWER, SERVER_ERROR, NOT_ENVELOPE, CONTRACT, UNDOCUMENTED_CODE, INSIDES
    }

    /** A failed answer: its kind and what was wrong. */
    public record Problem(Kind kind, String message) {
    }

    private final Map<DialectRules, Contract> contracts = new EnumMap<>(DialectRules.class);
    private final NativeContractCheck nativeContract = new NativeContractCheck();
    /** Per dialect, every {@code "<status> <code>"} some operation documents. */
    private final Map<DialectRules, Set<String>> documentedAnywhere = new EnumMap<>(DialectRules.class);

    public AnswerJudge() {
        for (DialectRules dialect : DialectRules.values()) {
            if (dialect != DialectRules.NATIVE) {
                contracts.put(dialect, Contract.load(dialect.id()));
            }
            Set<String> documented = new HashSet<>();
            for (Operation operation : ContractDocument.load(dialect).operations()) {
                operation.answers().forEach((status, codes) -> codes.forEach(code -> documented.add(status + " " + code)));
            }
            documentedAnywhere.put(dialect, Set.copyOf(documented));
        }
    }

    public Optional<Problem> judge(Operation operation, Mutation mutation, RawHttp.Response response) {
        DialectRules dialect = operation.dialect();
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
        if (!keeps && dialect == DialectRules.QINIU && status == 404 && text.equals(QINIU_UNKNOWN_ROUTE)) {
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
        if (PROTOCOL_ERRORS.contains(status) && DialectRules.NATIVE.envelopeProblem(status, body).isEmpty()) {
            // Refused before its path could be read (a request line too long): the native envelope.
            return Optional.empty();
        }
        Optional<String> envelope = dialect.envelopeProblem(status, body);
        if (envelope.isPresent()) {
            return problem(status >= 500 ? Kind.SERVER_ERROR : Kind.NOT_ENVELOPE, "not " + dialect.id() + "'s envelope: "
                    + envelope.get(), response);
        }
        String code = dialect.code(status, body);
        if (dialect == DialectRules.NATIVE) {
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
        if (dialect.internal(status, code)) {
            return operation.documents(status, code) ? Optional.empty()
                    : problem(Kind.SERVER_ERROR, "a server failure (" + code + ") the contract does not document for " + operation.name(),
                            response);
        }
        boolean success = success(dialect, response);
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

    /** Whether an answer says the request succeeded (HTTP 2xx and the dialect's success code). */
    public static boolean success(DialectRules dialect, RawHttp.Response response) {
        if (response.status() / 100 != 2) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body != null && Set.of("0", "OK", Integer.toString(response.status())).contains(dialect.code(response.status(), body));
        } catch (IOException e) {
            // A binary answer (a FacePass image) is a success too.
            return !response.contentType().contains("json");
        }
    }

    private Optional<Problem> judgeNative(Operation operation, boolean keeps, String code, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500 && !DialectRules.nativeDocumentsFailure(code)) {
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
