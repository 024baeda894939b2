package io.polyface.conformance.sensetime;

import static io.polyface.conformance.sensetime.SensetimeInfoTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /person/* and /info/person. */
class SensetimePersonTest extends BaseSensetimeTest {
    private static final SensetimeContainer persons = new SensetimeContainer(env, "person", "face");

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "OK", section = "/person/create (face_count 为 0 时不返回)")
    @Proves(dialect = "sensetime", operation = "info.person", code = "OK", section = "/info/person")
    void aPersonIsCreatedWithItsFacesNameAndUserData() {
        String face = env.faceOf(Photos.ANGELINA_1);
        String name = SensetimeEnvironment.name("angelina");

        SensetimeContainer.Created created = persons.createdWithOneMember(name, face, "ud-1");

        assertThat(created.created().httpStatus()).isEqualTo(200);
        assertThat(created.id()).matches("[0-9a-f]{32}");
        assertThat(created.info().text("name")).isEqualTo(name);
        assertThat(created.info().strings("/face_ids")).containsExactly(face);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.create", code = "INVALID_FACE", section = "/person/create (一个或多个 face_id 无效则创建失败)")
    @Proves(dialect = "sensetime", operation = "person.create", code = "INVALID_ARGUMENT", section = "/person/create (name 必需)")
    void aCreateWithOneInvalidFaceCreatesNothing() {
        persons.assertACreateWithOneInvalidMemberCreatesNothing(env.faceOf(Photos.ANGELINA_2));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "OK", section = "/person/add_face (一个 face_id 只属于最新添加的人)")
    void aFaceMovesSilentlyToThePersonItWasAddedToLast() {
        String face = env.faceOf(Photos.SCARLETT_1);
        String first = env.person(SensetimeEnvironment.name("first"), List.of(face));
        String second = env.person(SensetimeEnvironment.name("second"), List.of());

        SensetimeResponse added = env.client().form("/person/add_face", Map.of("person_id", second, "face_id", face));
        SensetimeResponse again = persons.add(second, List.of(face));

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

        persons.assertAnAddWithOneInvalidMemberIsRefused(person, good);
        assertThat(env.client().get("/info/person", Map.of("person_id", person)).strings("/face_ids")).as("faces after the refused add").isEmpty();
        persons.assertAddRefusals(person, good);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "OK", section = "/person/remove_face (无效 face_id 不会报错)")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "INVALID_PERSON", section = "/person/remove_face")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "EMPTY_FACE_ID", section = "/person/remove_face")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "INVALID_ARGUMENT", section = "/person/remove_face")
    void removesSkipInvalidIdsSilently() {
        String a = env.faceOf(Photos.JENNIFER_1);
        String b = env.faceOf(Photos.JENNIFER_CLOSE_PROBE);
        String person = env.person(SensetimeEnvironment.name("p"), List.of(a, b));

        SensetimeResponse removed = persons.remove(person, List.of(a, SensetimeOperations.NO_ID));

        assertThat(removed.httpStatus()).isEqualTo(200);
        assertThat(removed.json().path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.json().path("face_count").asInt()).isEqualTo(1);
        persons.assertRemoveRefusals(person, b);
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
        SensetimeClient small = env.clientOrSkip(Role.SMALL);
        SensetimeContainer.Quota quota = persons.quota(small);
        assumeTrue(quota.free() <= 5 && quota.perContainer() <= 5, "the small account's quotas are not small");

        SensetimeResponse oneMore = persons.assertQuotasHold(small, persons.facesOfTheSmallAccount(small, quota.perContainer() + 1), quota);

        assertThat(oneMore.text("reason")).isNotBlank();
        assertThat(persons.quota(small).used()).isEqualTo(quota.allowed());
    }
}
