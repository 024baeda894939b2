package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * The native protocol's answers: {@code {"result": ...}} with HTTP 200, or
 * {@code {"error": {"type": ...}}} with the status of its type, the type being the code.
 */
enum NativeAnswers implements AnswerRules {
    INSTANCE;

    /**
     * The failure types whose 5xx the contract documents: those of a backend or a capability
     * (unsupported, a download, an unavailable store); {@code Internal} is a bug.
     */
    private static final Set<String> DOCUMENTED_FAILURES = Set.of("Unsupported", "DownloadFailed", "BackendUnavailable");

    @Override
    public Optional<String> envelopeProblem(int status, JsonNode body) {
        if (!body.isObject()) {
            return Optional.of("the answer is not a JSON object");
        }
        if (status == 200) {
            return body.has("result") ? Optional.empty() : Optional.of("no result");
        }
        return body.path("error").path("type").isTextual() ? Optional.empty() : Optional.of("no error.type");
    }

    @Override
    public String code(int status, JsonNode body) {
        return status == 200 ? "200" : body.path("error").path("type").asText();
    }

    @Override
    public boolean internal(int status, String code) {
        return status >= 500;
    }

    @Override
    public boolean success(int status, String code) {
        return status == 200;
    }

    @Override
    public Optional<String> unknownRoute() {
        return Optional.empty();
    }

    /** Whether the contract documents a server failure of this type. */
    static boolean documentsFailure(String type) {
        return DOCUMENTED_FAILURES.contains(type);
    }
}
