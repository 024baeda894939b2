package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "参数": the four ways of sending parameters, and arrays as JSON or comma-separated. */
class SensetimeParametersTest extends BaseSensetimeTest {
    @Test
    @Proves(dialect = "sensetime", operation = "group.create", code = "OK", section = "参数 (Query String, JSON, x-www-form-urlencoded, multipart/form-data)")
    void everyWayOfSendingParametersWorks() {
        String p1 = env.person("p1", List.of());
        String p2 = env.person("p2", List.of());
        List<SensetimeResponse> created = List.of(
                env.client().postQuery("/group/create", Map.of("name", "by-query", "person_id", p1 + "," + p2)),
                env.client().post("/group/create", Map.of("name", "by-json", "person_id", List.of(p1, p2))),
                env.client().post("/group/create", Map.of("name", "by-json-string", "person_id", p1 + "," + p2)),
                env.client().form("/group/create", Map.of("name", "by-form", "person_id", p1 + "," + p2)),
                env.client().multipart("/group/create", Map.of("name", "by-multipart", "person_id", p1 + "," + p2), Optional.empty()));

        for (SensetimeResponse response : created) {
            env.track(Role.MAIN, "group", response.text("group_id"));
            assertThat(response.httpStatus()).as(response.text("name")).isEqualTo(200);
            assertThat(response.json().path("person_count").asInt()).as(response.text("name")).isEqualTo(2);
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "INVALID_ARGUMENT", section = "参数错误 (a body that cannot be read)")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "INVALID_ARGUMENT", section = "参数错误 (a multipart body that cannot be read)")
    void unreadableBodiesAreInvalidArguments() {
        for (String body : List.of("{", "[1,2]", "{\"name\": {\"nested\": 1}}", "\"text\"")) {
            SensetimeResponse response = env.client().raw("POST", "/person/create", Optional.of("application/json"), body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.httpStatus()).as(body).isEqualTo(400);
            assertThat(response.status()).as(body).isEqualTo("INVALID_ARGUMENT");
            assertThat(response.exchange().responseBody()).doesNotContain("Exception");
        }
        SensetimeResponse multipart = env.client().raw("POST", "/face/detection", Optional.of("multipart/form-data; boundary=abc"),
                "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nno end".getBytes(StandardCharsets.UTF_8));
        assertThat(multipart.status()).isEqualTo("INVALID_ARGUMENT");
        SensetimeResponse noBoundary = env.client().raw("POST", "/face/detection", Optional.of("multipart/form-data"), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(noBoundary.status()).isEqualTo("INVALID_ARGUMENT");
    }
}
