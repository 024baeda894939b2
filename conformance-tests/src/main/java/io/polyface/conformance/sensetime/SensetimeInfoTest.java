package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The /info/* APIs: account usage, lists, images, faces and tasks. */
class SensetimeInfoTest extends BaseSensetimeTest {
    private static SensetimeResponse malformed(String path) {
        return env.client().raw("GET", path, Optional.of("application/json"), "{\"oops\": ".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "OK", section = "/info/api")
    void infoApiShowsRateLimitQuotasAndUsage() {
        SensetimeResponse before = env.client().get("/info/api", Map.of());
        env.person(SensetimeEnvironment.name("usage"), List.of());
        SensetimeResponse after = env.client().get("/info/api", Map.of());

        assertThat(before.httpStatus()).isEqualTo(200);
        assertThat(before.text("rate_limit")).matches("\\d+q/\\d+s");
        for (String quota : List.of("groups", "persons", "facesets", "persons_per_group", "faces_per_person", "faces_per_faceset")) {
            assertThat(before.json().path("quota").path(quota).isInt()).as("quota." + quota).isTrue();
        }
        assertThat(after.json().path("usage").path("persons").asInt()).as("usage.persons after creating one")
                .isEqualTo(before.json().path("usage").path("persons").asInt() + 1);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "INVALID_ARGUMENT", section = "参数错误")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "INVALID_ARGUMENT", section = "参数错误")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "INVALID_ARGUMENT", section = "参数错误")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "INVALID_ARGUMENT", section = "参数错误")
    void aMalformedBodyIsInvalidArgument() {
        for (String path : List.of("/info/api", "/info/list_persons", "/info/list_groups", "/info/list_facesets")) {
            SensetimeResponse response = malformed(path);
            assertThat(response.httpStatus()).as(path).isEqualTo(400);
            assertThat(response.status()).as(path).isEqualTo("INVALID_ARGUMENT");
            assertThat(response.text("reason")).as(path).isNotBlank();
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "OK", section = "/info/list_persons")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "OK", section = "/info/list_groups")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "OK", section = "/info/list_facesets")
    void listsNameWhatTheAccountOwns() {
        String name = SensetimeEnvironment.name("listed");
        String person = env.person(name, List.of());
        String group = env.track(SensetimeEnvironment.Role.MAIN, "group",
                env.client().post("/group/create", Map.of("name", name)).text("group_id"));
        String faceset = env.track(SensetimeEnvironment.Role.MAIN, "faceset",
                env.client().post("/faceset/create", Map.of("name", name)).text("faceset_id"));

        assertThat(env.client().get("/info/list_persons", Map.of()).json().path("persons").toString())
                .contains("{\"person_id\":\"" + person + "\",\"name\":\"" + name + "\"}");
        assertThat(env.client().get("/info/list_groups", Map.of()).json().path("groups").toString())
                .contains("{\"group_id\":\"" + group + "\",\"name\":\"" + name + "\"}");
        assertThat(env.client().get("/info/list_facesets", Map.of()).json().path("facesets").toString())
                .contains("{\"faceset_id\":\"" + faceset + "\",\"name\":\"" + name + "\"}");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.image", code = "OK", section = "/info/image")
    @Proves(dialect = "sensetime", operation = "info.face", code = "OK", section = "/info/face")
    void imagesAndFacesAreShownAsDetectionFoundThem() {
        SensetimeResponse detected = env.client().detect(env.faces().bytes(Photos.SCARLETT_1), Map.of("user_data", "u-42", "attributes", "1"));
        String imageId = detected.text("image_id");
        JsonNode face = detected.json().path("faces").get(0);
        String faceId = face.path("face_id").asText();

        SensetimeResponse image = env.client().get("/info/image", Map.of("image_id", imageId, "with_faces", "1"));
        SensetimeResponse bare = env.client().get("/info/image", Map.of("image_id", imageId));
        SensetimeResponse info = env.client().get("/info/face", Map.of("face_id", faceId, "with_image", "1"));
        SensetimeResponse infoBare = env.client().get("/info/face", Map.of("face_id", faceId));

        assertThat(image.httpStatus()).isEqualTo(200);
        assertThat(image.json().path("width").asInt()).isEqualTo(detected.json().path("width").asInt());
        assertThat(image.text("user_data")).isEqualTo("u-42");
        assertThat(image.json().path("faces").get(0).path("face_id").asText()).isEqualTo(faceId);
        assertThat(image.json().path("faces").get(0).path("rect")).isEqualTo(face.path("rect"));
        assertThat(bare.json().has("faces")).as("faces without with_faces").isFalse();
        assertThat(info.json().path("rect")).isEqualTo(face.path("rect"));
        assertThat(info.json().path("attributes")).isEqualTo(face.path("attributes"));
        assertThat(info.json().path("image").path("image_id").asText()).isEqualTo(imageId);
        assertThat(info.json().path("image").path("user_data").asText()).isEqualTo("u-42");
        assertThat(infoBare.json().has("image")).as("image without with_image").isFalse();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.image", code = "INVALID_IMAGE", section = "/info/image")
    @Proves(dialect = "sensetime", operation = "info.image", code = "INVALID_ARGUMENT", section = "/info/image")
    @Proves(dialect = "sensetime", operation = "info.face", code = "INVALID_FACE", section = "/info/face")
    @Proves(dialect = "sensetime", operation = "info.face", code = "INVALID_ARGUMENT", section = "/info/face")
    void unknownOrMissingIdsAreRefused() {
        assertUnknownAndMissingIdsAreRefused("image");
        assertStatus(env.client().get("/info/image", Map.of("image_id", SensetimeOperations.NO_ID, "with_faces", "maybe")), "INVALID_ARGUMENT");
        assertUnknownAndMissingIdsAreRefused("face");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.person", code = "INVALID_PERSON", section = "/info/person")
    @Proves(dialect = "sensetime", operation = "info.person", code = "INVALID_ARGUMENT", section = "/info/person")
    @Proves(dialect = "sensetime", operation = "info.group", code = "INVALID_GROUP", section = "/info/group")
    @Proves(dialect = "sensetime", operation = "info.group", code = "INVALID_ARGUMENT", section = "/info/group")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "INVALID_FACESET", section = "/info/faceset")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "INVALID_ARGUMENT", section = "/info/faceset")
    @Proves(dialect = "sensetime", operation = "info.task", code = "INVALID_TASK", section = "/info/task")
    @Proves(dialect = "sensetime", operation = "info.task", code = "INVALID_ARGUMENT", section = "/info/task")
    void unknownObjectsAndTasksAreRefused() {
        assertUnknownAndMissingIdsAreRefused("person");
        assertUnknownAndMissingIdsAreRefused("group");
        assertUnknownAndMissingIdsAreRefused("faceset");
        assertUnknownAndMissingIdsAreRefused("task");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.task", code = "OK", section = "/info/task; 异步调用")
    void aTaskOfAnotherAccountIsInvalid() {
        String face = env.faceOf(Photos.IVAN);
        SensetimeResponse training = env.client().post("/face/training", Map.of("face_id", List.of(face)));
        assertThat(training.httpStatus()).as("training an untrained face").isEqualTo(202);
        String taskId = training.text("task_id");
        assertThat(training.text("task_status")).isIn("pending", "processing");

        JsonNode done = env.result(training);
        SensetimeResponse task = env.client().get("/info/task", Map.of("task_id", taskId));

        assertThat(done.path("status").asText()).isEqualToIgnoringCase("OK");
        assertThat(task.text("task_status")).isEqualTo("done");
        assertThat(task.text("task_id")).isEqualTo(taskId);
        env.client(SensetimeEnvironment.Role.SMALL).ifPresent(other ->
                assertStatus(other.get("/info/task", Map.of("task_id", taskId)), "INVALID_TASK"));
    }

    /** {@code /info/<kind>} with an unknown id is INVALID_<KIND>, without one INVALID_ARGUMENT. */
    private static void assertUnknownAndMissingIdsAreRefused(String kind) {
        assertStatus(env.client().get("/info/" + kind, Map.of(kind + "_id", SensetimeOperations.NO_ID)), "INVALID_" + kind.toUpperCase(Locale.ROOT));
        assertStatus(env.client().get("/info/" + kind, Map.of()), "INVALID_ARGUMENT");
    }

    static void assertStatus(SensetimeResponse response, String status) {
        assertThat(response.httpStatus()).as("HTTP status for " + status).isEqualTo(400);
        assertThat(response.status()).isEqualTo(status);
    }
}
