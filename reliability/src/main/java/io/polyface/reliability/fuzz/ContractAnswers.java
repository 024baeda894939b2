package io.polyface.reliability.fuzz;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ResponseSchemas;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A vendor dialect's answers as its contract's {@code info.x-polyface-answers} describes them:
 * <ul>
 * <li>{@code code}: where an answer's code is, a JSON pointer into its body ({@code /err_code}), or
 * {@code http-status};
 * <li>{@code success}: the codes of a success (with HTTP 2xx);
 * <li>{@code internal}: the codes that say the server failed (any HTTP 5xx does too);
 * <li>{@code envelope}: the JSON schema every answer meets, and {@code success-envelope}, where a
 * success's differs ({@code {}}: none);
 * <li>{@code unknown-route}: optionally, the plain-text answer to a path the dialect does not have.
 * </ul>
 * Thread-safe.
 */
final class ContractAnswers implements AnswerRules {
    static final String KEY = "x-polyface-answers";
    private static final String HTTP_STATUS = "http-status";

    /** Empty: the code is the HTTP status. */
    private final Optional<JsonPointer> code;
    private final Set<String> success;
    private final Set<String> internal;
    private final ResponseSchemas schemas;
    private final boolean successEnvelope;
    private final Optional<String> unknownRoute;

    private ContractAnswers(Optional<JsonPointer> code, Set<String> success, Set<String> internal, ResponseSchemas schemas,
            boolean successEnvelope, Optional<String> unknownRoute) {
        this.code = code;
        this.success = success;
        this.internal = internal;
        this.schemas = schemas;
        this.successEnvelope = successEnvelope;
        this.unknownRoute = unknownRoute;
    }

    /** Reads the extension of a contract; refused, naming the contract and the key, when it is missing or malformed. */
    static ContractAnswers read(String contract, JsonNode document) {
        return read(contract, document, new ResponseSchemas(contract));
    }

    /** As {@link #read(String, JsonNode)}, validating envelopes with the contract's own {@code schemas}. */
    static ContractAnswers read(String contract, JsonNode document, ResponseSchemas schemas) {
        requireNonNull(contract, "contract is null");
        requireNonNull(schemas, "schemas is null");
        ContractExtension answers = ContractExtension.of(contract, document, KEY);
        String where = answers.text("code");
        Optional<JsonPointer> code;
        if (where.equals(HTTP_STATUS)) {
            code = Optional.empty();
        } else if (where.startsWith("/")) {
            code = Optional.of(JsonPointer.compile(where));
        } else {
            throw answers.refused("code", "is neither a JSON pointer (/err_code) nor " + HTTP_STATUS + ": " + where);
        }
        List<String> success = answers.texts("success");
        if (success.isEmpty()) {
            throw answers.refused("success", "is empty");
        }
        answers.object("envelope");
        boolean successEnvelope = answers.optionalObject("success-envelope").isPresent();
        return new ContractAnswers(code, Set.copyOf(success), Set.copyOf(answers.texts("internal")), schemas,
                successEnvelope, answers.optionalText("unknown-route"));
    }

    @Override
    public Optional<String> envelopeProblem(int status, JsonNode body) {
        String schema = successEnvelope && status / 100 == 2 ? "success-envelope" : "envelope";
        List<String> violations = schemas.violations("/info/" + KEY + "/" + schema, body.toString());
        return violations.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", violations));
    }

    @Override
    public String code(int status, JsonNode body) {
        return code.map(pointer -> body.at(pointer).asText()).orElse(Integer.toString(status));
    }

    @Override
    public boolean internal(int status, String code) {
        return status >= 500 || internal.contains(code);
    }

    @Override
    public boolean success(int status, String code) {
        return status / 100 == 2 && success.contains(code);
    }

    @Override
    public Optional<String> unknownRoute() {
        return unknownRoute;
    }
}
