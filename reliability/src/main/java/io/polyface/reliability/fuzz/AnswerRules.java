package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * How to read any answer of one dialect: its envelope, the code it carries, and which codes say the
 * server itself failed. A vendor dialect's come from its contract ({@link ContractAnswers}); the
 * native protocol's are the fuzzer's own ({@link NativeAnswers}).
 */
public sealed interface AnswerRules permits ContractAnswers, NativeAnswers {
    /** Why a JSON answer is not in the dialect's envelope, if it is not. */
    Optional<String> envelopeProblem(int status, JsonNode body);

    /** The code an answer carries, in the terms the contract's examples use ({@link Operation#answers}). */
    String code(int status, JsonNode body);

    /** Whether the answer says the server failed (as opposed to refusing the request or succeeding). */
    boolean internal(int status, String code);

    /** Whether the answer says the request succeeded. */
    boolean success(int status, String code);

    /** The exact plain-text answer to a path the dialect does not have, where it is not in the envelope. */
    Optional<String> unknownRoute();
}
