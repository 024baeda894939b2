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

/** /person/* and /info/person. */
@ExtendWith(ConformanceExtension.class)
class SensetimePersonTest {
    @RegisterExtension
    static final SensetimeEnvironment env = new SensetimeEnvironment();

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "OK", section = "/person/create (face_count 为 0 时不返回)")
    @Proves(dialect = "sensetime", operation = "info.person", code = "OK", section = "/info/person")
    void aPersonIsCreatedWithItsFacesNameAndUserData() {
        String face = env.faceOf(Photos.ANGELINA_1);
        String name = SensetimeEnvironment.name("angelina");

        SensetimeResponse created = env.client().post("/person/create", Map.of("name", name, "face_id", List.of(face), "user_data", "ud-1"));
        String personId = env.track(Role.MAIN, "person", created.text("person_id"));
        SensetimeResponse empty = env.client().post("/person/create", Map.of("name", name + "_empty"));
        env.track(Role.MAIN, "person", empty.text("person_id"));

        assertThat(created.httpStatus()).isEqualTo(200);
        assertThat(personId).matches("[0-9a-f]{32}");
        assertThat(created.json().path("face_count").asInt()).isEqualTo(1);
        assertThat(empty.json().has("face_count")).as("face_count of a person without faces").isFalse();
        SensetimeResponse info = env.client().get("/info/person", Map.of("person_id", personId));
        assertThat(info.text("name")).isEqualTo(name);
        assertThat(info.text("user_data")).isEqualTo("ud-1");
        assertThat(info.strings("/face_ids")).containsExactly(face);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "INVALID_FACE", section = "/person/create (一个或多个 face_id 无效则创建失败)")
    @Proves(dialect = "sensetime", operation = "person.create", code = "INVALID_ARGUMENT", section = "/person/create (name 必需)")
    void aCreateWithOneInvalidFaceCreatesNothing() {
        String face = env.faceOf(Photos.ANGELINA_2);
        int before = env.client().get("/info/list_persons", Map.of()).json().path("persons").size();

        SensetimeResponse refused = env.client().post("/person/create", Map.of("name", "x", "face_id", List.of(face, SensetimeOperations.NO_ID)));

        assertStatus(refused, "INVALID_FACE");
        assertThat(env.client().get("/info/list_persons", Map.of()).json().path("persons").size()).as("persons").isEqualTo(before);
        assertStatus(env.client().post("/person/create", Map.of("face_id", List.of(face))), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "OK", section = "/person/add_face (一个 face_id 只属于最新添加的人)")
    void aFaceMovesSilentlyToThePersonItWasAddedToLast() {
        String face = env.faceOf(Photos.SCARLETT_1);
        String first = env.person(SensetimeEnvironment.name("first"), List.of(face));
        String second = env.person(SensetimeEnvironment.name("second"), List.of());

        SensetimeResponse added = env.client().form("/person/add_face", Map.of("person_id", second, "face_id", face));
        SensetimeResponse again = env.client().post("/person/add_face", Map.of("person_id", second, "face_id", List.of(face)));

        assertThat(added.httpStatus()).isEqualTo(200);
        assertThat(added.json().path("added_count").asInt()).isEqualTo(1);
        assertThat(added.json().path("face_count").asInt()).isEqualTo(1);
        assertThat(again.json().path("added_count").asInt()).as("added_count of a face already there").isZero();
        assertThat(env.client().get("/info/person", Map.of("person_id", first)).strings("/face_ids")).as("the first person's faces").isEmpty();
        assertThat(env.client().get("/info/person", Map.of("person_id", second)).strings("/face_ids")).containsExactly(face);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "INVALID_FACE", section = "/person/add_face (其他 face_id 也会添加失败)")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "INVALID_PERSON", section = "/person/add_face")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "EMPTY_FACE_ID", section = "/person/add_face")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "INVALID_ARGUMENT", section = "/person/add_face")
    void addsAreAllOrNothing() {
        String good = env.faceOf(Photos.JENNIFER_1);
        String person = env.person(SensetimeEnvironment.name("p"), List.of());

        assertStatus(env.client().post("/person/add_face", Map.of("person_id", person, "face_id", List.of(good, SensetimeOperations.NO_ID))),
                "INVALID_FACE");
        assertThat(env.client().get("/info/person", Map.of("person_id", person)).strings("/face_ids")).as("faces after the refused add").isEmpty();
        assertStatus(env.client().post("/person/add_face", Map.of("person_id", SensetimeOperations.NO_ID, "face_id", List.of(good))), "INVALID_PERSON");
        assertStatus(env.client().post("/person/add_face", Map.of("person_id", person, "face_id", List.of())), "EMPTY_FACE_ID");
        assertStatus(env.client().post("/person/add_face", Map.of("person_id", person)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "OK", section = "/person/remove_face (无效 face_id 不会报错)")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "INVALID_PERSON", section = "/person/remove_face")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "EMPTY_FACE_ID", section = "/person/remove_face")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "INVALID_ARGUMENT", section = "/person/remove_face")
    void removesSkipInvalidIdsSilently() {
        String a = env.faceOf(Photos.JENNIFER_1);
        String b = env.faceOf(Photos.JENNIFER_PROBE);
        String person = env.person(SensetimeEnvironment.name("p"), List.of(a, b));

        SensetimeResponse removed = env.client().post("/person/remove_face", Map.of("person_id", person, "face_id", List.of(a, SensetimeOperations.NO_ID)));

        assertThat(removed.httpStatus()).isEqualTo(200);
        assertThat(removed.json().path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.json().path("face_count").asInt()).isEqualTo(1);
        assertStatus(env.client().post("/person/remove_face", Map.of("person_id", SensetimeOperations.NO_ID, "face_id", List.of(b))), "INVALID_PERSON");
        assertStatus(env.client().post("/person/remove_face", Map.of("person_id", person, "face_id", "")), "EMPTY_FACE_ID");
        assertStatus(env.client().post("/person/remove_face", Map.of("person_id", person)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.change", code = "OK", section = "/person/change")
    @Proves(dialect = "sensetime", operation = "person.change", code = "INVALID_PERSON", section = "/person/change")
    @Proves(dialect = "sensetime", operation = "person.change", code = "INVALID_ARGUMENT", section = "/person/change (name、user_data 至少一个)")
    void nameAndUserDataChange() {
        String person = env.person(SensetimeEnvironment.name("before"), List.of());

        assertThat(env.client().postQuery("/person/change", Map.of("person_id", person, "name", "after")).httpStatus()).isEqualTo(200);
        assertThat(env.client().post("/person/change", Map.of("person_id", person, "user_data", "ud-2")).httpStatus()).isEqualTo(200);

        SensetimeResponse info = env.client().get("/info/person", Map.of("person_id", person));
        assertThat(info.text("name")).isEqualTo("after");
        assertThat(info.text("user_data")).isEqualTo("ud-2");
        assertStatus(env.client().post("/person/change", Map.of("person_id", SensetimeOperations.NO_ID, "name", "x")), "INVALID_PERSON");
        assertStatus(env.client().post("/person/change", Map.of("person_id", person)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.delete", code = "OK", section = "/person/delete (人脸 ID 若未过期则不会失效)")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "INVALID_PERSON", section = "/person/delete")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "INVALID_ARGUMENT", section = "/person/delete")
    void aDeletedPersonIsGoneButItsFacesStayValid() {
        String face = env.faceOf(Photos.STALLONE);
        String person = env.person(SensetimeEnvironment.name("gone"), List.of(face));

        SensetimeResponse deleted = env.client().post("/person/delete", Map.of("person_id", person));

        assertThat(deleted.httpStatus()).isEqualTo(200);
        assertStatus(env.client().get("/info/person", Map.of("person_id", person)), "INVALID_PERSON");
        assertThat(env.client().get("/info/face", Map.of("face_id", face)).httpStatus()).as("the face after its person is deleted").isEqualTo(200);
        assertStatus(env.client().post("/person/delete", Map.of("person_id", person)), "INVALID_PERSON");
        assertStatus(env.client().post("/person/delete", Map.of()), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "QUOTA_EXCEEDED", section = "/person/create; 超过调用限制 (quota)")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "QUOTA_EXCEEDED", section = "/person/add_face; 超过调用限制 (quota)")
    void theAccountsPersonQuotasHold() {
        SensetimeClient small = env.client(Role.SMALL).orElse(null);
        assumeTrue(small != null, "the credentials file names no account with small quotas");
        JsonNode quota = small.get("/info/api", Map.of()).json().path("quota");
        int persons = quota.path("persons").asInt();
        int facesPerPerson = quota.path("faces_per_person").asInt();
        int used = small.get("/info/api", Map.of()).json().path("usage").path("persons").asInt();
        assumeTrue(persons - used <= 5 && facesPerPerson <= 5, "the small account's quotas are not small");

        List<String> faces = new java.util.ArrayList<>();
        for (String photo : List.of(Photos.ANGELINA_1, Photos.ANGELINA_2, Photos.ANGELINA_PROBE, Photos.SCARLETT_1, Photos.SCARLETT_PROBE,
                Photos.JENNIFER_1).subList(0, facesPerPerson + 1)) {
            faces.add(small.detect(env.faces().bytes(photo), Map.of()).json().path("faces").get(0).path("face_id").asText());
        }
        SensetimeResponse tooManyFaces = small.post("/person/create", Map.of("name", "q", "face_id", faces));
        assertStatus(tooManyFaces, "QUOTA_EXCEEDED");
        assertThat(tooManyFaces.text("reason")).isNotBlank();

        String person = env.track(Role.SMALL, "person", small.post("/person/create",
                Map.of("name", "q", "face_id", faces.subList(0, facesPerPerson))).text("person_id"));
        SensetimeResponse oneMore = small.post("/person/add_face", Map.of("person_id", person, "face_id", List.of(faces.getLast())));
        assertStatus(oneMore, "QUOTA_EXCEEDED");
        assertThat(oneMore.text("reason")).isNotBlank();

        for (int i = used + 1; i < persons; i++) {
            env.track(Role.SMALL, "person", small.post("/person/create", Map.of("name", "fill")).text("person_id"));
        }
        assertStatus(small.post("/person/create", Map.of("name", "over")), "QUOTA_EXCEEDED");
        assertThat(small.get("/info/api", Map.of()).json().path("usage").path("persons").asInt()).isEqualTo(persons);
    }
}
