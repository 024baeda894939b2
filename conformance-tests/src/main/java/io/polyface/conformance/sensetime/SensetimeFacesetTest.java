package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /faceset/* and /info/faceset. */
class SensetimeFacesetTest extends BaseSensetimeTest {
    private static final SensetimeContainer facesets = new SensetimeContainer(env, "faceset", "face");

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "OK", section = "/faceset/create (face_count 为 0 时不返回)")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "OK", section = "/info/faceset")
    void aFacesetIsCreatedWithItsFaces() {
        String face = env.faceOf(Photos.ANGELINA_1);
        String name = SensetimeEnvironment.name("fs");

        SensetimeContainer.Created created = facesets.createdWithOneMember(name, face, "fd");

        assertThat(created.created().text("name")).isEqualTo(name);
        assertThat(created.info().strings("/face_ids")).containsExactly(face);
        assertThat(env.client().get("/info/faceset", Map.of("faceset_id", created.emptyId())).json().path("face_ids").isArray())
                .as("face_ids of an empty faceset is an empty array").isTrue();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "INVALID_FACE", section = "/faceset/create (一个或多个 face_id 无效则创建失败)")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "INVALID_ARGUMENT", section = "/faceset/create (name 必需)")
    void aCreateWithOneInvalidFaceCreatesNothing() {
        facesets.assertACreateWithOneInvalidMemberCreatesNothing(env.faceOf(Photos.ANGELINA_2));
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
        String fs = facesets.create(SensetimeEnvironment.name("fs"), List.of(a));

        facesets.assertAnAddWithOneInvalidMemberIsRefused(fs, b);
        assertThat(env.client().get("/info/faceset", Map.of("faceset_id", fs)).strings("/face_ids")).containsExactly(a);
        SensetimeResponse added = env.client().form("/faceset/add_face", Map.of("faceset_id", fs, "face_id", a + "," + b));

        assertThat(added.json().path("added_count").asInt()).isEqualTo(1);
        assertThat(added.json().path("face_count").asInt()).isEqualTo(2);
        assertThat(added.text("name")).isNotBlank();
        facesets.assertAddRefusals(fs, a);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "OK", section = "/faceset/remove_face (无效 face_id 不会报错)")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "INVALID_FACESET", section = "/faceset/remove_face")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "EMPTY_FACE_ID", section = "/faceset/remove_face")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "INVALID_ARGUMENT", section = "/faceset/remove_face")
    void removesSkipInvalidIds() {
        String a = env.faceOf(Photos.JENNIFER_1);
        String fs = facesets.create(SensetimeEnvironment.name("fs"), List.of(a));

        SensetimeResponse removed = facesets.remove(fs, List.of(SensetimeOperations.NO_ID, a));

        assertThat(removed.json().path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.json().path("face_count").asInt()).isZero();
        facesets.assertRemoveRefusals(fs, a);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "OK", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "INVALID_FACESET", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "INVALID_ARGUMENT", section = "/faceset/change")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "OK", section = "/faceset/delete")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "INVALID_FACESET", section = "/faceset/delete")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "INVALID_ARGUMENT", section = "/faceset/delete")
    void facesetsChangeAndGo() {
        facesets.assertChangesAndGoes(facesets.create(SensetimeEnvironment.name("fs"), List.of()));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "QUOTA_EXCEEDED", section = "/faceset/create; 超过调用限制 (quota)")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "QUOTA_EXCEEDED", section = "/faceset/add_face; 超过调用限制 (quota)")
    void theAccountsFacesetQuotasHold() {
        SensetimeClient small = env.clientOrSkip(Role.SMALL);
        SensetimeContainer.Quota quota = facesets.quota(small);
        assumeTrue(quota.free() <= 5 && quota.perContainer() <= 5, "the small account's quotas are not small");

        facesets.assertQuotasHold(small, facesets.facesOfTheSmallAccount(small, quota.perContainer() + 1), quota);
    }
}
