package io.polyface.reliability.fuzz;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Checks an answer of the native protocol against its contract ({@code native-v1.openapi.json},
 * which the conformance suite's {@code Contract} does not load: it reads the dialects' YAML by
 * name): the call's {@code 200} schema, or the {@code default} one of every failure. Validated
 * as {@code Contract} validates, with the OpenAPI 3.1 dialect. Thread-safe.
 */
final class NativeContractCheck {
    private final String resource = DialectRules.NATIVE.contractResource();
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialect.builder(Dialects.getOpenApi31())
            .keywords(Stream.of("openapi", "info", "servers", "paths", "components", "webhooks", "tags", "security",
                    "externalDocs", "jsonSchemaDialect").map(NonValidationKeyword::new).toList())
            .build());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** @param path the contract's path, e.g. {@code /native/v1/search} */
    List<String> violations(String path, int status, String body) {
        String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/post/responses/"
                + (status == 200 ? "200" : "default") + "/content/application~1json/schema";
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of("classpath:" + resource + "#" + p)));
        List<String> violations = new ArrayList<>();
        try {
            for (Error error : schema.validate(body, InputFormat.JSON)) {
                violations.add(error.toString());
            }
        } catch (RuntimeException notJson) {
            violations.add("the body is not JSON: " + notJson.getMessage());
        }
        return violations;
    }
}
