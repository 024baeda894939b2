package io.polyface.reliability.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * What an answer of each dialect (and of the native protocol) must look like: its envelope, the
 * code it carries, and which codes say the server itself failed.
 */
public enum DialectRules {
    DMAI("dmai", "/dmai", "contract/dmai-openapi.yaml"),
    FACEPASS("facepass", "/facepass", "contract/facepass-openapi.yaml"),
    QINIU("qiniu", "/qiniu", "contract/qiniu-openapi.yaml"),
    SENSETIME("sensetime", "/sensetime", "contract/sensetime-openapi.yaml"),
    NATIVE("native", "", "contract/native-v1.openapi.json");

    /** DM-AI's codes for a failure of the server, not of the request (the document's 500 and 1001). */
    private static final Set<String> DMAI_INTERNAL = Set.of("500", "1001");

    private final String id;
    private final String prefix;
    private final String contractResource;

    DialectRules(String id, String prefix, String contractResource) {
        this.id = id;
        this.prefix = prefix;
        this.contractResource = contractResource;
    }

    public String id() {
        return id;
    }

    /** Where the dialect's contract paths start on the main port. */
    public String prefix() {
        return prefix;
    }

    public String contractResource() {
        return contractResource;
    }

    /**
     * Whether a JSON answer is in the dialect's envelope; the reason when it is not.
     *
     * @param body the parsed answer
     */
    public Optional<String> envelopeProblem(int status, JsonNode body) {
        if (this == QINIU && status / 100 == 2) {
            // Qiniu has no envelope around a success (one answer is an array): the contract judges it.
            return Optional.empty();
        }
        if (!body.isObject()) {
            return Optional.of("the answer is not a JSON object");
        }
        return switch (this) {
            case DMAI -> body.path("err_code").isIntegralNumber() ? Optional.empty() : Optional.of("no integer err_code");
            case FACEPASS -> body.path("code").isIntegralNumber() && body.path("message").isTextual()
                    && body.path("timecost").isIntegralNumber() && body.path("timestamp").isIntegralNumber() && body.path("data").isObject()
                    ? Optional.empty() : Optional.of("not {code, message, timecost, timestamp, data}");
            case QINIU -> status < 300 || body.path("error").isTextual()
                    || (body.path("code").isIntegralNumber() && body.path("message").isTextual())
                    ? Optional.empty() : Optional.of("an error without {\"error\": ...} (or the admin API's {code, message})");
            case SENSETIME -> body.path("status").isTextual() ? Optional.empty() : Optional.of("no status string");
            case NATIVE -> (status == 200 ? body.has("result") : body.path("error").path("type").isTextual())
                    ? Optional.empty() : Optional.of(status == 200 ? "no result" : "no error.type");
        };
    }

    /**
     * The code an answer carries, in the terms the contract's examples use: DM-AI's {@code err_code},
     * FacePass's {@code code}, SenseTime's {@code status}, Qiniu's HTTP status, the native
     * protocol's error type (or {@code 200}).
     */
    public String code(int status, JsonNode body) {
        return switch (this) {
            case DMAI -> body.path("err_code").asText();
            case FACEPASS -> body.path("code").asText();
            case QINIU -> Integer.toString(status);
            case SENSETIME -> body.path("status").asText();
            case NATIVE -> status == 200 ? "200" : body.path("error").path("type").asText();
        };
    }

    /** Whether the answer says the server failed (as opposed to refusing the request or succeeding). */
    public boolean internal(int status, String code) {
        if (status >= 500) {
            return true;
        }
        return switch (this) {
            case DMAI -> DMAI_INTERNAL.contains(code);
            case FACEPASS -> code.equals("105000");
            case QINIU, NATIVE -> false;
            case SENSETIME -> code.equals("INTERNAL_ERROR");
        };
    }

    /**
     * Whether the contract's word covers a server failure of the native protocol: its failures
     * carry their type's status, and those of a backend or a capability (unsupported, a download,
     * an unavailable store) are its documented 5xx; {@code Internal} is a bug.
     */
    public static boolean nativeDocumentsFailure(String type) {
        return Set.of("Unsupported", "DownloadFailed", "BackendUnavailable").contains(type);
    }
}
