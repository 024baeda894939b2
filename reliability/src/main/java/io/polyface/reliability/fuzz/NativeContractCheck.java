package io.polyface.reliability.fuzz;

import io.polyface.conformance.ResponseSchemas;
import java.util.List;

/**
 * Checks an answer of the native protocol against its contract ({@code native-v1.openapi.json},
 * which the conformance suite's {@code Contract} does not load: it reads the dialects' YAML by
 * name): the call's {@code 200} schema, or the {@code default} one of every failure. Validated
 * as {@code Contract} validates, with the same {@link ResponseSchemas}. Thread-safe.
 */
final class NativeContractCheck {
    private final ResponseSchemas schemas = new ResponseSchemas(Dialect.NATIVE.contractResource());

    /** @param path the contract's path, e.g. {@code /native/v1/search} */
    List<String> violations(String path, int status, String body) {
        String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/post/responses/"
                + (status == 200 ? "200" : "default") + "/content/application~1json/schema";
        return schemas.violations(pointer, body);
    }
}
