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
                "feature.rerun", "feature.check",
                "face.feature.add", "face.feature.update", "face.feature.search",
                // Qiniu's older API generation, observed in its public server code
                "legacy.face.group.list", "legacy.face.group.faces", "legacy.face.group.new", "legacy.face.add", "legacy.face.delete",
                "legacy.face.group.remove", "legacy.face.search", "legacy.face.groups_search",
                "legacy.image.group.list", "legacy.image.group.images", "legacy.image.group.new", "legacy.image.add",
                "legacy.image.delete", "legacy.image.group.remove", "legacy.image.search", "legacy.image.groups_search");
        assertThat(contract.documentedCells().stream().map(Contract.Cell::code).distinct())
                .containsExactlyInAnyOrder("200", "400", "401", "404", "406", "409", "413", "500", "503");
        assertThat(contract.documentedCells()).filteredOn(cell -> cell.operation().startsWith("legacy."))
                .allSatisfy(cell -> assertThat(cell.section()).startsWith("observed: argus/feature_group/"));
    }

    @Test
    void theRawFeatureApiRestsOnTheVendorsServerCode() {
        assertThat(contract.documentedCells()).filteredOn(c -> c.operation().startsWith("face.feature."))
                .hasSize(14) // 11 from the server code, and Polyface's 503 (its store cannot be reached) on each
                .allSatisfy(c -> assertThat(c.section()).isEqualTo("observed: argus/feature_group_private/service/base_service.go"));
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/feature/search", 200, """
                [[{"value":{"id":"a","value":"AACAPw==","tag":"t","desc":{"k":1},"bounding_box":{}},"score":171.5}],[]]""")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/feature/search", 200,
                "{\"search_results\":[]}")).as("an object, not the service's array").isNotEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/feature/add", 200, "{}")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/{group}/feature/add", 500, "{\"error\":\"failed to add feature\"}")).isEmpty();
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
        // The older generation's documents (argus docs/Argus/Argus.FaceGroup.md, Argus.ImageGroup.md), as its server writes them.
        assertThat(contract.violations("POST", "/v1/face/group/{group}/add", 200, """
                {"faces":["f1",""],"attributes":[{"bounding_box":{"pts":[[205,400],[1213,400],[1213,535],[205,535]],"score":0.998}},null],
                 "errors":[null,{"code":400,"message":"not face detected"}]}""")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/groups/search", 200, """
                {"code":0,"message":"","result":{"review":false,"faces":[{"bounding_box":{"pts":[[205,400],[1213,400],[1213,535],[205,535]],
                 "score":0.998},"faces":[{"bounding_box":{"pts":[[105,200],[678,200],[678,480],[105,480]],"score":0.956},"name":"xx",
                 "group":"xx","id":"xx","score":0.9998,"review":false,"desc":{"k":1}}]}]}}""")).isEmpty();
        assertThat(contract.violations("POST", "/v1/face/group/{group}/search", 200, """
                {"code":0,"message":"","result":{"review":false,"detections":[{"boundingBox":{"pts":[[1,2],[3,2],[3,4],[1,4]],"score":0.9},
                 "value":{"boundingBox":{"pts":null,"score":0},"name":"","id":"","score":0,"review":false}}]}}""")).isEmpty();
        assertThat(contract.violations("GET", "/v1/image/group/{group}", 200, "{\"code\":0,\"message\":\"\",\"result\":null}")).isEmpty();
        assertThat(contract.violations("POST", "/v1/image/group/{group}/search", 200,
                "{\"code\":0,\"message\":\"\",\"result\":[{\"id\":\"xx\",\"label\":\"xx\",\"etag\":\"\",\"uri\":\"http://xxx/xxx\",\"score\":0.9998}]}"))
                .isEmpty();
        assertThat(contract.violations("POST", "/v1/image/groups/search", 406, "{\"error\":\"groups is empty\"}")).isEmpty();
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
        assertThat(contract.violations("POST", "/v1/image/groups/search", 200,
                "{\"code\":0,\"message\":\"\",\"result\":[{\"id\":\"a\",\"label\":\"\",\"etag\":\"\",\"uri\":\"\",\"score\":0.5}]}"))
                .as("an older multi-group match without its group").isNotEmpty();
        assertThat(contract.violations("POST", "/v1/face/group/{group}/delete", 200, "{\"code\":0}")).as("the older delete answers {}").isNotEmpty();
        assertThat(contract.violations("POST", "/v1/image/group/{group}/new", 200, "{\"images\":[\"a\"],\"errors\":[{\"code\":200}]}"))
                .as("an error entry that is no error").isNotEmpty();
    }
}
