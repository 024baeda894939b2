package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SenseTime contract itself: a valid OpenAPI 3.1 document that knows every API and status. */
class SensetimeContractTest extends OpenApiContractTest {
    SensetimeContractTest() {
        super("sensetime");
    }

    @Test
    void documentsEveryApiOfTheDocumentWithItsStatuses() {
        assertThat(contract.operations()).containsExactly("info.api", "info.task", "info.image", "info.face", "info.list_persons",
                "info.list_groups", "info.list_facesets", "info.person", "info.group", "info.faceset", "face.detection",
                "face.verification", "face.search", "face.identification", "face.training", "person.create", "person.delete",
                "person.add_face", "person.remove_face", "person.change", "group.create", "group.delete", "group.add_person",
                "group.remove_person", "group.change", "faceset.create", "faceset.delete", "faceset.add_face",
                "faceset.remove_face", "faceset.change", "unknown-path");
        assertThat(contract.documentedCells()).contains(
                new Contract.Cell("face.detection", "DOWNLOAD_TIMEOUT", "/face/detection"),
                new Contract.Cell("face.verification", "INVALID_FACE2", "/face/verification"),
                new Contract.Cell("face.search", "202", "/face/search"),
                new Contract.Cell("group.add_person", "EMPTY_PERSON_ID", "/group/add_person"));
        assertThat(contract.documentedCells().stream().map(Contract.Cell::code).distinct()).containsExactlyInAnyOrder(
                "OK", "202", "HTTP_413", "INVALID_ARGUMENT", "INVALID_TASK", "INVALID_IMAGE", "INVALID_FACE", "INVALID_FACE2",
                "INVALID_PERSON", "INVALID_GROUP", "INVALID_FACESET", "EMPTY_PERSON", "EMPTY_GROUP", "EMPTY_FACESET",
                "EMPTY_PERSON_ID", "EMPTY_FACE_ID", "QUOTA_EXCEEDED", "DOWNLOAD_TIMEOUT", "DOWNLOAD_ERROR", "CORRUPT_IMAGE",
                "IMAGE_FILE_SIZE_TOO_BIG", "INVALID_IMAGE_FORMAT_OR_SIZE", "UNAUTHORIZED", "KEY_EXPIRED",
                "RATE_LIMIT_EXCEEDED", "NO_PERMISSION", "NOT_FOUND", "INTERNAL_ERROR");
    }

    @Test
    void acceptsTheDocumentsExamplesAndRejectsWrongAnswers() {
        assertThat(contract.violations("POST", "/face/verification", 200, "{\"same_person\":false,\"confidence\":0.368128,"
                + "\"face_id\":\"c74df9b413a44a9ab3060b7170989fa9\",\"person_id\":\"5d8db5415b5a4bfdb5233edd433e13e1\",\"status\":\"OK\"}"))
                .isEmpty();
        assertThat(contract.violations("POST", "/face/search", 202,
                "{\"status\":\"OK\",\"task_id\":\"e6ee9b9070804de486752a6eef9728cd\",\"task_status\":\"pending\"}")).isEmpty();
        assertThat(contract.violations("GET", "/info/api", 403, "{\"status\":\"RATE_LIMIT_EXCEEDED\"}")).isEmpty();

        assertThat(contract.violations("POST", "/face/verification", 200, "{\"status\":\"OK\",\"confidence\":1.2,"
                + "\"same_person\":true,\"face_id\":\"c74df9b413a44a9ab3060b7170989fa9\"}")).as("confidence over 1").isNotEmpty();
        assertThat(contract.violations("POST", "/person/delete", 400, "{\"status\":\"INVALID_FACE\"}"))
                .as("a status the API does not document").isNotEmpty();
        assertThat(contract.violations("POST", "/face/identification", 200, "{\"status\":\"OK\",\"face_id\":\"c74df9b413a44a9ab3060b7170989fa9\","
                + "\"group_id\":\"c74df9b413a44a9ab3060b7170989fa9\",\"candidates\":[{\"person_id\":\"c74df9b413a44a9ab3060b7170989fa9\","
                + "\"name\":\"x\",\"confidence\":0.5}]}")).as("a candidate at 0.5").isNotEmpty();
        assertThat(contract.violations("POST", "/person/create", 200, "{\"status\":\"OK\",\"person_id\":\"c74df9b413a44a9ab3060b7170989fa9\","
                + "\"face_count\":0}")).as("face_count 0 is left out").isNotEmpty();
    }
}
