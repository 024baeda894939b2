package io.polyface.conformance.facepass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The common part (envelope, common error codes, unknown paths), 阈值配置 and 版本查询. */
class FacepassSystemTest extends BaseFacepassTest {
    @Test
    @Proves(dialect = "facepass", operation = "version", code = "0", section = "版本查询")
    void versionAndTheEnvelope() {
        long before = System.currentTimeMillis();
        FacepassResponse response = env.client().get("/api/version/v1", Map.of());
        long after = System.currentTimeMillis();

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.keys(response.json())).as("envelope keys").containsExactly("code", "message", "timecost", "timestamp", "data");
        assertThat(response.json().path("timestamp").asLong()).as("timestamp: when the request arrived (ms)")
                .isBetween(before - 60_000, after + 60_000);
        assertThat(response.json().path("timecost").asLong()).as("timecost").isBetween(0L, after - before + 1000);
        assertThat(response.data().path("version").asText()).as("version").matches("v\\d+\\.\\d+\\.\\d+");
        assertThat(response.data().path("detail").isObject()).as("detail is an object").isTrue();
    }

    @Test
    @Proves(dialect = "facepass", operation = "config", code = "0", section = "阈值配置 (set, -1 resets, empty leaves)")
    @Proves(dialect = "facepass", operation = "config", code = "104001", section = "阈值配置 (one bad value rejects all)")
    void thresholds() {
        String path = "/api/service/config/v1";
        try {
            FacepassResponse now = env.client().postUrlEncoded(path, Map.of());
            assertThat(now.code()).as("code").isZero();
            assertThat(now.keys(now.data())).as("data keys in the example's order")
                    .containsExactly("compare_threshold", "liveness_threshold", "recognize_threshold");

            Map<String, String> set = new LinkedHashMap<>();
            set.put("recognize_threshold", "80.5");
            set.put("compare_threshold", "");
            set.put("liveness_threshold", "-1");
            FacepassResponse changed = env.client().postUrlEncoded(path, set);
            assertThat(changed.data().path("recognize_threshold").asDouble()).as("set").isEqualTo(80.5);
            assertThat(changed.data().path("compare_threshold").asDouble()).as("left").isEqualTo(now.data().path("compare_threshold").asDouble());
            assertThat(changed.data().path("liveness_threshold").asDouble()).as("reset").isEqualTo(50);

            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("recognize_threshold", "60");
            bad.put("compare_threshold", "100");
            bad.put("liveness_threshold", "zero");
            FacepassResponse rejected = env.client().postUrlEncoded(path, bad);
            assertThat(rejected.httpStatus()).as("HTTP status").isEqualTo(400);
            assertThat(rejected.code()).as("code").isEqualTo(104001);
            assertThat(rejected.message()).as("message names the arguments").startsWith("ILLEGAL_ARGUMENT: ")
                    .contains("compare_threshold", "liveness_threshold").doesNotContain("recognize_threshold");
            assertThat(env.client().postUrlEncoded(path, Map.of()).data().path("recognize_threshold").asDouble())
                    .as("nothing of a rejected request is applied").isEqualTo(80.5);
            assertThat(env.client().postUrlEncoded(path, Map.of("recognize_threshold", "0")).code()).as("0 is outside (0, 100)").isEqualTo(104001);

            FacepassResponse multipart = env.client().postForm(path, FacepassClient.Part.text("recognize_threshold", "-1"));
            assertThat(multipart.data().path("recognize_threshold").asDouble()).as("reset through a multipart form").isEqualTo(78);
            assertThat(multipart.data().path("compare_threshold").asDouble()).as("recommended compare").isEqualTo(70);
        } finally {
            env.client().postUrlEncoded(path, Map.of("recognize_threshold", "-1", "compare_threshold", "-1", "liveness_threshold", "-1"));
        }
    }

    @Test
    @Proves(dialect = "facepass", operation = "unknown-path", code = "404", section = "通用错误码 (接口不存在: 404)")
    void unknownPathsAre404() {
        FacepassResponse response = env.client().send("POST", "/api/face/v1/nothing", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(404);
    }

    private static final String BROKEN = "------conformanceFacepass7d1e\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nno end";

    @Test
    @Proves(dialect = "facepass", code = "104000", section = "通用错误码", operation = {"face.delete", "face.query", "group.create",
            "group.delete", "group.query", "group.bind", "group.unbind"})
    void brokenJsonIsIllegalJsonBody() {
        for (String path : new String[] {"/api/face/v1/delete", "/api/face/v1/query", "/api/group/v1/create", "/api/group/v1/delete",
                "/api/group/v1/query", "/api/group/v1/bind", "/api/group/v1/unbind"}) {
            for (String body : new String[] {"{\"group_name\":", "[\"group_a\"]", "{} {}", "not json"}) {
                FacepassResponse response = env.client().send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
                assertThat(response.httpStatus()).as("HTTP status of %s with %s", path, body).isEqualTo(400);
                assertThat(response.message()).as("%s with %s", path, body).isEqualTo("ILLEGAL_JSON_BODY");
            }
        }
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104000", basis = Basis.EMULATOR_ONLY, section = "通用错误码 (a form that cannot be parsed)")
    @Proves(dialect = "facepass", operation = "recognize", code = "104000", basis = Basis.EMULATOR_ONLY, section = "通用错误码")
    @Proves(dialect = "facepass", operation = "compare", code = "104000", basis = Basis.EMULATOR_ONLY, section = "通用错误码")
    @Proves(dialect = "facepass", operation = "config", code = "104000", basis = Basis.EMULATOR_ONLY, section = "通用错误码")
    void brokenFormsAreIllegalJsonBody() {
        assumeFalse(env.external(), "the document names 104000 for JSON; Polyface uses it for any body it cannot parse");
        String type = "multipart/form-data; boundary=----conformanceFacepass7d1e";
        for (String path : new String[] {"/api/face/v1/add", "/api/service/recognize/v1/", "/api/service/compare/v1",
                "/api/service/config/v1"}) {
            FacepassResponse truncated = env.client().send("POST", path, type, BROKEN.getBytes(StandardCharsets.UTF_8));
            assertThat(truncated.httpStatus()).as("HTTP status of %s", path).isEqualTo(400);
            assertThat(truncated.message()).as("a truncated form to %s", path).isEqualTo("ILLEGAL_JSON_BODY");
            assertThat(env.client().send("POST", path, "multipart/form-data", "x".getBytes(StandardCharsets.UTF_8)).code())
                    .as("a form without a boundary to %s", path).isEqualTo(104000);
        }
    }
}
