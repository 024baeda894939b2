package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Qiniu contract: a valid OpenAPI 3.1 document with every operation of both documents, that accepts their examples and catches wrong answers. */
class QiniuContractTest extends OpenApiContractTest {
    QiniuContractTest() {
        super("qiniu");
    }

    @Test
    void documentsEveryOperationOfBothDocuments() {
        assertThat(contract.operations()).containsExactlyInAnyOrder(
                "image.group.list", "image.group.create", "image.group.info", "image.group.remove", "image.add", "image.search",
                "image.delete", "image.update", "image.list", "image.tags",
                "face.group.list", "face.group.create", "face.group.info", "face.group.remove", "face.add", "face.search",
                "face.delete", "face.update", "face.list", "face.tags", "face.multi_search", "face.cluster", "face.compare",
                "face.pts_search", "face.multi_pts_search",
                "feature.versions", "feature.version", "feature.upgrades", "feature.group_upgrades", "feature.upgrade",
                "feature.rerun", "feature.check");
        assertThat(contract.documentedCells().stream().map(Contract.Cell::code).distinct())
                .containsExactlyInAnyOrder("200", "400", "401", "404", "409", "413", "500");
    }

    @Test
    void acceptsTheDocumentsOwnExamples() {
        assertThat(contract.violations("GET", "/v1/face/groups/{group}", 200, "{\"config\":{\"capacity\":0},\"tags\":1,\"count\":1}")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/add", 200, """
                {"id":"xxxxx","bounding_box":{"pts":[[100,200],[300,400],[400,500],[500,600]],"score":0.998},
                 "face_quality":{"quality":"blur","orientation":"up_left"},"face_number":2}""")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/multi/search", 200, """
                {"search_results":[{"faces":[{"bounding_box":{"pts":[[100,200],[300,400],[400,500],[500,600]],"score":0.9},
                 "faces":[{"score":0.9,"id":"","tag":"","desc":{},"group":"","bounding_box":{"pts":[[100,200],[300,400],[400,500],[500,600]],"score":0.998}}]}]}]}""")).isEmpty();
        assertThat(contract.violations("GET", "/v1/image/groups/{group}/tags", 200,
                "{\"config\":{\"capacity\":0},\"tags\":[{\"name\":\"tag1\",\"count\":10},{\"name\":\"tag2\",\"count\":10}],\"marker\":\"dGFnMQ==\"}")).isEmpty();
        assertThat(contract.violations("GET", "/v1/face/group/feature/upgrade", 200, """
                {"code":0,"message":"","result":[{"id":"test","from":"v1","to":"v2","status":"FINISHED",
                 "created_at":"2018-05-04T11:49:40.171197155+08:00","updated_at":"2018-05-04T11:49:40.171197265+08:00"}]}""")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/group/{group}/feature/check", 200,
                "{\"code\":0,\"message\":\"\",\"result\":{\"id\":\"test\",\"feature_version\":\"v1\",\"available\":993,\"unavailable\":7}}")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/add", 400, "{\"error\":\"group not exist\"}")).isEmpty();
    }

    @Test
    void acceptsAnswersAsQiniusServerWritesThem() {
        assertThat(contract.violations("GET", "/v1/face/groups", 200, "{\"groups\":null}")).as("no group").isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/search", 200, """
                {"search_results":[{"faces":[{"bounding_box":{"pts":[[1,2],[30,2],[30,40],[1,40]],"score":0.99},"faces":null}]}]}"""))
                .as("a face that matched no one").isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/add", 200,
                "{\"id\":\"a\",\"bounding_box\":{\"pts\":[[1,2],[30,2],[30,40],[1,40]]},\"face_quality\":{}}")).as("a given box").isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/compare", 200, "{\"compare_results\":null}")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/search", 500, "{\"error\":\"failed to search face\"}")).isEmpty();
        assertThat(contract.documentedCells()).filteredOn(c -> c.operation().equals("face.search") && c.code().equals("500"))
                .singleElement().satisfies(c -> assertThat(c.section()).startsWith("observed: argus/"));
    }

    @Test
    void rejectsAnswersThatBreakIt() {
        assertThat(contract.violations("POST", "/v1/image/groups/{group}/search", 200,
                "{\"search_results\":[{\"results\":[{\"id\":\"a\",\"score\":1.5,\"tag\":\"t\"}]}]}")).as("score over 1").isNotEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/add", 200,
                "{\"id\":\"a\",\"bounding_box\":{\"pts\":[[1,2]]},\"face_number\":1}")).as("three points missing").isNotEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/add", 400, "{\"message\":\"x\"}")).as("not Qiniu's error").isNotEmpty();
        assertThat(contract.violations("GET", "/v1/face/group/feature/upgrade", 200,
                "{\"code\":0,\"message\":\"\",\"result\":[{\"id\":\"t\",\"from\":\"v1\",\"to\":\"v2\",\"status\":\"RUNNING\","
                        + "\"created_at\":\"2018-05-04 11:49\",\"updated_at\":\"x\"}]}")).as("status and timestamps").isNotEmpty();
        assertThat(contract.violations("GET", "/v1/face/groups/{group}/images", 200, "{\"images\":[]}")).as("marker missing").isNotEmpty();
    }
}
