package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FacePass contract: a valid OpenAPI 3.1 document with every endpoint and code of the document. */
class FacepassContractTest extends OpenApiContractTest {
    FacepassContractTest() {
        super("facepass");
    }

    @Test
    void documentsEveryEndpointAndCode() {
        assertThat(contract.operations()).containsExactly("face.add", "face.delete", "face.query", "image.query", "group.create",
                "group.delete", "group.query", "group.list", "group.bind", "group.unbind", "recognize", "compare", "sync",
                "sync.status", "config", "version", "unknown-path");
        assertThat(contract.documentedCells().stream().map(Contract.Cell::code).distinct()).containsExactlyInAnyOrder("0", "104000",
                "104001", "104002", "104100", "104101", "104102", "104103", "104200", "104201", "104202", "104300", "104301", "104303",
                "104901", "105000", "404");
        assertThat(contract.documentedCells()).contains(new Contract.Cell("image.query", "0", "图片下载"),
                new Contract.Cell("sync", "0", "底库同步"));
    }

    @Test
    void acceptsTheDocumentsExamplesAndRejectsWrongAnswers() {
        String ok = "{\"code\":0,\"message\":\"\",\"timestamp\":1510058788332,\"timecost\":237,\"data\":";
        assertThat(contract.violations("POST", "/api/face/v1/add", 200, ok
                + "{\"face_token\":\"QDe1ddlvlJlv865FO4dqtg==\",\"image_id\":\"fxCCOPXkjxOmQdqGpODd8A==\","
                + "\"rect\":{\"left\":149,\"top\":305,\"right\":448,\"bottom\":604}}}")).isEmpty();
        assertThat(contract.violations("GET", "/api/group/v1/list", 200, ok + "{\"groups\":[\"group_a\",\"group_b\"]}}")).isEmpty();
        assertThat(contract.violations("POST", "/api/face/v1/add", 400, "{\"code\":104201,\"message\":\"BAD_QUALITY: Roll\","
                + "\"timestamp\":1,\"timecost\":2,\"data\":{\"image_id\":\"3r00opbS18hjEsahl2t5nw==\","
                + "\"rect\":{\"left\":467,\"top\":140,\"right\":565,\"bottom\":238}}}")).isEmpty();
        assertThat(contract.violations("POST", "/api/group/v1/create", 200, ok + "null}")).as("data null").isNotEmpty();
        assertThat(contract.violations("POST", "/api/group/v1/create", 400,
                "{\"code\":104999,\"message\":\"X\",\"timestamp\":1,\"timecost\":2,\"data\":{}}")).as("undocumented code").isNotEmpty();
        assertThat(contract.violations("GET", "/api/group/v1/list", 200, "{\"code\":0,\"message\":\"\",\"data\":{\"groups\":[]}}"))
                .as("no timestamp").isNotEmpty();
    }
}
