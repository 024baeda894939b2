package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The DM-AI contract itself: a valid OpenAPI 3.1 document, and one that catches wrong answers. */
class ContractTest extends OpenApiContractTest {
    ContractTest() {
        super("dmai");
    }

    @Test
    void documentsEveryOperationOfTheVendorDocumentWithItsCodes() {
        assertThat(contract.operations()).containsExactly("version", "license", "collection.create", "collection.clear",
                "collection.delete", "collection.status", "face.insert", "face.update", "target.delete", "face.search", "face.compare");
        assertThat(contract.documentedCells()).contains(
                new Contract.Cell("collection.create", "1002", "2.1"),
                new Contract.Cell("face.insert", "1007", "3.1"),
                new Contract.Cell("face.update", "1008", "3.2"),
                new Contract.Cell("face.search", "1005", "4.1"));
        assertThat(contract.documentedCells().stream().map(Contract.Cell::code).distinct())
                .containsExactlyInAnyOrder("0", "500", "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008");
    }

    @Test
    void acceptsTheDocumentsOwnExamples() {
        String base = "/api/v1/engine/recocomp";
        assertThat(contract.violations("GET", base + "/version", 200, "{\"err_code\":0,\"version\":\"V1.0.0\"}")).isEmpty();
        assertThat(contract.violations("POST", base + "/face/search", 200,
                "{\"err_code\":0,\"status\":[{\"result\":\"huge\",\"score\":0.9997965730219448}]}")).isEmpty();
        assertThat(contract.violations("POST", base + "/collection/status", 200,
                "{\"err_code\":0,\"status\":[{\"collection_name\":\"face_col\",\"create_time\":\"Tue Jun 22 15:55:43 2021\","
                        + "\"feature_num\":0,\"update_time\":\"Tue Jun 22 15:55:43 2021\"}]}")).isEmpty();
        assertThat(contract.violations("POST", base + "/create/collection", 200, "{\"err_code\":1004,\"status\":\"Collection already exists\"}"))
                .isEmpty();
    }

    @Test
    void rejectsAnswersThatBreakIt() {
        String base = "/api/v1/engine/recocomp";
        assertThat(contract.violations("GET", base + "/version", 200, "{\"err_code\":0}")).as("version missing").isNotEmpty();
        assertThat(contract.violations("POST", base + "/face/compare", 200, "{\"err_code\":0,\"score\":1.7}")).as("score over 1").isNotEmpty();
        assertThat(contract.violations("POST", base + "/face/search", 200, "{\"err_code\":0,\"status\":[{\"result\":\"a\"}]}"))
                .as("hit without score").isNotEmpty();
        assertThat(contract.violations("POST", base + "/create/collection", 200, "{\"err_code\":42,\"status\":\"?\"}"))
                .as("undocumented err_code").isNotEmpty();
        assertThat(contract.violations("POST", base + "/collection/status", 200,
                "{\"err_code\":0,\"status\":[{\"collection_name\":\"c\",\"create_time\":\"2021-06-22T15:55:43Z\","
                        + "\"feature_num\":0,\"update_time\":\"Tue Jun 22 15:55:43 2021\"}]}"))
                .as("create_time not in ctime format").isNotEmpty();
        assertThat(contract.violations("POST", base + "/version", 200, "<html>")).as("not JSON").isNotEmpty();
    }
}
