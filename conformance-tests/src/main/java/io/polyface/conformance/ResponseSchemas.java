package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

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
 * Validates answers against the schemas of one OpenAPI 3.1 document on the class path, each
 * addressed by a JSON pointer into the document and loaded once. Thread-safe.
 */
public final class ResponseSchemas {
    private final String resource;
    /**
     * The OpenAPI 3.1 dialect, told that the document's top-level members are not schema keywords:
     * schemas are addressed by pointer inside the whole document, which the validator loads as one
     * schema resource.
     */
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialect.builder(Dialects.getOpenApi31())
            .keywords(Stream.of("openapi", "info", "servers", "paths", "components", "webhooks", "tags", "security",
                    "externalDocs", "jsonSchemaDialect").map(NonValidationKeyword::new).toList())
            .build());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** @param resource the document's class-path resource, e.g. {@code contract/dmai-openapi.yaml} */
    public ResponseSchemas(String resource) {
        this.resource = requireNonNull(resource, "resource is null");
    }

    /**
     * The ways a body breaks the schema at the pointer (a body that is not JSON is one), empty when
     * it conforms.
     */
    public List<String> violations(String pointer, String body) {
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
