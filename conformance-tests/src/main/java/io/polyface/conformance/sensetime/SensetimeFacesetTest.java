package io.polyface.conformance.sensetime;

import static io.polyface.conformance.sensetime.SensetimeInfoTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ConformanceExtension;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /faceset/* and /info/faceset. */
@ExtendWith(ConformanceExtension.class)
class SensetimeFacesetTest {
    @RegisterExtension
    static final SensetimeEnvironment env = new SensetimeEnvironment();

    private static String faceset(String name, List<String> faces) {
        SensetimeResponse created = env.client().post("/faceset/create", Map.of("name", name, "face_id", faces));
        assertThat(created.httpStatus()).as("faceset/create").isEqualTo(200);
        return env.track(Role.MAIN, "faceset", created.text("faceset_id"));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "OK", section = "/faceset/create (face_count 为 0 时不返回)")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "OK", section = "/info/faceset")
    void aFacesetIsCreatedWithItsFaces() {
        String face = env.faceOf(Photos.ANGELINA_1);
        String name = SensetimeEnvironment.name("fs");

        SensetimeResponse created = env.client().post("/faceset/create", Map.of("name", name, "face_id", List.of(face), "user_data", "fd"));
        String id = env.track(Role.MAIN, "faceset", created.text("faceset_id"));
        SensetimeResponse empty = env.client().post("/faceset/create", Map.of("name", name + "_empty"));
        env.track(Role.MAIN, "faceset", empty.text("faceset_id"));

        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.json().path("face_count").asInt()).isEqualTo(1);
        assertThat(empty.json().has("face_count")).as("face_count of an empty faceset").isFalse();
        SensetimeResponse info = env.client().get("/info/faceset", Map.of("faceset_id", id));
        assertThat(info.text("user_data")).isEqualTo("fd");
        assertThat(info.strings("/face_ids")).containsExactly(face);
        assertThat(env.client().get("/info/faceset", Map.of("faceset_id", empty.text("faceset_id"))).json().path("face_ids").isArray())
                .as("face_ids of an empty faceset is an empty array").isTrue();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "INVALID_FACE", section = "/faceset/create (一个或多个 face_id 无效则创建失败)")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "INVALID_ARGUMENT", section = "/faceset/create (name 必需)")
    void aCreateWithOneInvalidFaceCreatesNothing() {
        String face = env.faceOf(Photos.ANGELINA_2);
        int before = env.client().get("/info/list_facesets", Map.of()).json().path("facesets").size();

        assertStatus(env.client().post("/faceset/create", Map.of("name", "x", "face_id", List.of(face, SensetimeOperations.NO_ID))), "INVALID_FACE");
        assertThat(env.client().get("/info/list_facesets", Map.of()).json().path("facesets").size()).isEqualTo(before);
        assertStatus(env.client().post("/faceset/create", Map.of("face_id", List.of(face))), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "OK", section = "/faceset/add_face (之前已添加的人脸不计入)")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "INVALID_FACE", section = "/faceset/add_face (其他 face_id 也会添加失败)")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "INVALID_FACESET", section = "/faceset/add_face")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "EMPTY_FACE_ID", section = "/faceset/add_face")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "INVALID_ARGUMENT", section = "/faceset/add_face")
    void facesJoinFacesetsAllOrNothing() {
        String a = env.faceOf(Photos.SCARLETT_1);
        String b = env.faceOf(Photos.SCARLETT_PROBE);
        String fs = faceset(SensetimeEnvironment.name("fs"), List.of(a));

        assertStatus(env.client().post("/faceset/add_face", Map.of("faceset_id", fs, "face_id", List.of(b, SensetimeOperations.NO_ID))), "INVALID_FACE");
        assertThat(env.client().get("/info/faceset", Map.of("faceset_id", fs)).strings("/face_ids")).containsExactly(a);
        SensetimeResponse added = env.client().form("/faceset/add_face", Map.of("faceset_id", fs, "face_id", a + "," + b));

        assertThat(added.json().path("added_count").asInt()).isEqualTo(1);
        assertThat(added.json().path("face_count").asInt()).isEqualTo(2);
        assertThat(added.text("name")).isNotBlank();
        assertStatus(env.client().post("/faceset/add_face", Map.of("faceset_id", SensetimeOperations.NO_ID, "face_id", List.of(a))), "INVALID_FACESET");
        assertStatus(env.client().post("/faceset/add_face", Map.of("faceset_id", fs, "face_id", List.of())), "EMPTY_FACE_ID");
        assertStatus(env.client().post("/faceset/add_face", Map.of("faceset_id", fs)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "OK", section = "/faceset/remove_face (无效 face_id 不会报错)")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "INVALID_FACESET", section = "/faceset/remove_face")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "EMPTY_FACE_ID", section = "/faceset/remove_face")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "INVALID_ARGUMENT", section = "/faceset/remove_face")
    void removesSkipInvalidIds() {
        String a = env.faceOf(Photos.JENNIFER_1);
        String fs = faceset(SensetimeEnvironment.name("fs"), List.of(a));

        SensetimeResponse removed = env.client().post("/faceset/remove_face", Map.of("faceset_id", fs, "face_id", List.of(SensetimeOperations.NO_ID, a)));

        assertThat(removed.json().path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.json().path("face_count").asInt()).isZero();
        assertStatus(env.client().post("/faceset/remove_face", Map.of("faceset_id", SensetimeOperations.NO_ID, "face_id", List.of(a))), "INVALID_FACESET");
        assertStatus(env.client().post("/faceset/remove_face", Map.of("faceset_id", fs, "face_id", "")), "EMPTY_FACE_ID");
        assertStatus(env.client().post("/faceset/remove_face", Map.of("faceset_id", fs)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "OK", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "INVALID_FACESET", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "INVALID_ARGUMENT", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "OK", section = "/faceset/delete")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "INVALID_FACESET", section = "/faceset/delete")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "INVALID_ARGUMENT", section = "/faceset/delete")
    void facesetsChangeAndGo() {
        String fs = faceset(SensetimeEnvironment.name("fs"), List.of());
        SensetimeInfoTest.changesAndGoes(env.client(), "faceset", fs, "INVALID_FACESET");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "QUOTA_EXCEEDED", section = "/faceset/create; 超过调用限制 (quota)")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "QUOTA_EXCEEDED", section = "/faceset/add_face; 超过调用限制 (quota)")
    void theAccountsFacesetQuotasHold() {
        SensetimeClient small = env.client(Role.SMALL).orElse(null);
        assumeTrue(small != null, "the credentials file names no account with small quotas");
        JsonNode api = small.get("/info/api", Map.of()).json();
        int facesets = api.path("quota").path("facesets").asInt();
        int perFaceset = api.path("quota").path("faces_per_faceset").asInt();
        int used = api.path("usage").path("facesets").asInt();
        assumeTrue(facesets - used <= 5 && perFaceset <= 5, "the small account's quotas are not small");

        List<String> faces = new java.util.ArrayList<>();
        for (String photo : List.of(Photos.ANGELINA_1, Photos.ANGELINA_2, Photos.ANGELINA_PROBE, Photos.SCARLETT_1, Photos.SCARLETT_PROBE,
                Photos.JENNIFER_1).subList(0, perFaceset + 1)) {
            faces.add(small.detect(env.faces().bytes(photo), Map.of()).json().path("faces").get(0).path("face_id").asText());
        }
        SensetimeResponse tooMany = small.post("/faceset/create", Map.of("name", "fs", "face_id", faces));
        assertStatus(tooMany, "QUOTA_EXCEEDED");
        assertThat(tooMany.text("reason")).isNotBlank();
        String fs = env.track(Role.SMALL, "faceset", small.post("/faceset/create",
                Map.of("name", "fs", "face_id", faces.subList(0, perFaceset))).text("faceset_id"));
        assertStatus(small.post("/faceset/add_face", Map.of("faceset_id", fs, "face_id", List.of(faces.getLast()))), "QUOTA_EXCEEDED");
        for (int i = used + 1; i < facesets; i++) {
            env.track(Role.SMALL, "faceset", small.post("/faceset/create", Map.of("name", "fill")).text("faceset_id"));
        }
        assertStatus(small.post("/faceset/create", Map.of("name", "over")), "QUOTA_EXCEEDED");
    }
}
