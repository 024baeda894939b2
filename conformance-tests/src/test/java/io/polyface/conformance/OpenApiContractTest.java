package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every dialect's contract test checks first: the contract is a valid OpenAPI 3.1 document. */
abstract class OpenApiContractTest {
    protected final Contract contract;

    protected OpenApiContractTest(String dialect) {
        this.contract = Contract.load(dialect);
    }

    /**
     * Checked against the OpenAPI 3.1 meta-schema, copied from OAI/OpenAPI-Specification
     * (schemas/v3.1/schema.yaml at f3c113a0, Apache-2.0) into the test resources because the
     * validator does not bundle it and a build must not fetch it.
     */
    @Test
    void isAValidOpenApi31Document() throws IOException {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("classpath:oas/3.1/schema.yaml"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(contract.resource())) {
            List<Error> errors = metaSchema.validate(new ObjectMapper(new YAMLFactory()).readTree(in));
            assertThat(errors).as("violations of the OpenAPI 3.1 schema").isEmpty();
        }
    }
}
