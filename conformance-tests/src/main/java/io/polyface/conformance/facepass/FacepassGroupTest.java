package io.polyface.conformance.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 创建Group, 删除Group, 查询Group信息, 查询全部Group, 绑定Face到Group, Group解绑Face. */
class FacepassGroupTest extends BaseFacepassTest {
    @Test
    @Proves(dialect = "facepass", operation = "group.create", code = "0", section = "创建Group")
    @Proves(dialect = "facepass", operation = "group.create", code = "104300", section = "创建Group")
    @Proves(dialect = "facepass", operation = "group.list", code = "0", section = "查询全部Group")
    void createListAndConflict() {
        String name = env.trackGroup(FacepassEnvironment.name());
        FacepassResponse created = env.client().group("create", name);
        assertThat(created.code()).as("code").isZero();
        assertThat(created.data().isObject() && created.data().isEmpty()).as("data is an empty object").isTrue();

        FacepassResponse again = env.client().group("create", name);
        again.assertRefused("again", "GROUP_NAME_CONFLICT");

        FacepassResponse list = env.client().get("/api/group/v1/list", Map.of());
        assertThat(list.code()).as("list code").isZero();
        assertThat(list.strings("/data/groups")).as("groups").contains(name);
    }

    @Test
    @Proves(dialect = "facepass", operation = "group.create", code = "104001", section = "创建Group (4-16 of [a-zA-Z0-9_])")
    @Proves(dialect = "facepass", operation = "group.delete", code = "104001", section = "删除Group")
    @Proves(dialect = "facepass", operation = "group.query", code = "104001", section = "查询Group信息")
    void namesOutsideTheRuleAreIllegalArgument() {
        for (Object bad : new Object[] {"abc", "a".repeat(17), "group-a", "组名称组名称", "group a", 12345}) {
            FacepassResponse created = env.client().group("create", bad);
            assertThat(created.httpStatus()).as("HTTP status for %s", bad).isEqualTo(400);
            assertThat(created.message()).as("create %s", bad).isEqualTo("ILLEGAL_ARGUMENT: group_name");
        }
        assertThat(env.client().group("delete", "x").message()).as("delete").isEqualTo("ILLEGAL_ARGUMENT: group_name");
        assertThat(env.client().group("query", "x!").message()).as("query").isEqualTo("ILLEGAL_ARGUMENT: group_name");
        String longest = env.trackGroup("cf_" + "a".repeat(13));
        assertThat(env.client().group("create", longest).code()).as("16 characters are allowed").isIn(0, 104300);
    }

    @Test
    @Proves(dialect = "facepass", code = "104002", section = "通用错误码", operation = {"group.create", "group.delete", "group.query",
            "group.bind", "group.unbind"})
    void missingArgumentsAreNamed() {
        for (String operation : new String[] {"create", "delete", "query"}) {
            FacepassResponse response = env.client().postJson("/api/group/v1/" + operation, Map.of());
            assertThat(response.httpStatus()).as("HTTP status").isEqualTo(400);
            assertThat(response.message()).as(operation).isEqualTo("MISSING_ARGUMENT: group_name");
        }
        String group = env.newGroup();
        assertThat(env.client().postJson("/api/group/v1/bind", Map.of("group_name", group)).message()).as("bind")
                .isEqualTo("MISSING_ARGUMENT: face_token");
        assertThat(env.client().postJson("/api/group/v1/unbind", Map.of()).message()).as("unbind")
                .isEqualTo("MISSING_ARGUMENT: group_name,face_token");
    }

    @Test
    @Proves(dialect = "facepass", operation = "group.delete", code = "0", section = "删除Group")
    @Proves(dialect = "facepass", operation = "group.delete", code = "104301", section = "删除Group")
    @Proves(dialect = "facepass", operation = "group.query", code = "104301", section = "查询Group信息")
    @Proves(dialect = "facepass", operation = "group.bind", code = "104301", section = "绑定Face到Group")
    @Proves(dialect = "facepass", operation = "group.unbind", code = "104301", section = "Group解绑Face")
    void aDeletedGroupIsGone() {
        String token = env.addFace(Photos.SCARLETT_1);
        String name = FacepassEnvironment.name();
        assertThat(env.client().group("create", name).code()).as("create").isZero();
        assertThat(env.client().binding("bind", name, token).code()).as("bind").isZero();

        FacepassResponse deleted = env.client().group("delete", name);
        assertThat(deleted.code()).as("delete").isZero();

        FacepassResponse again = env.client().group("delete", name);
        again.assertRefused("delete again", "GROUP_NAME_NOT_EXIST");
        assertThat(env.client().group("query", name).code()).as("query").isEqualTo(104301);
        assertThat(env.client().binding("bind", name, token).code()).as("bind").isEqualTo(104301);
        assertThat(env.client().binding("unbind", name, token).code()).as("unbind").isEqualTo(104301);
        assertThat(env.client().get("/api/group/v1/list", Map.of()).strings("/data/groups")).as("list").doesNotContain(name);
    }

    @Test
    @Proves(dialect = "facepass", operation = "group.query", code = "0", section = "查询Group信息")
    @Proves(dialect = "facepass", operation = "group.bind", code = "0", section = "绑定Face到Group (repeat binds are not errors)")
    @Proves(dialect = "facepass", operation = "group.unbind", code = "0", section = "Group解绑Face")
    @Proves(dialect = "facepass", operation = "group.unbind", code = "104303", section = "Group解绑Face")
    void bindQueryUnbind() {
        String group = env.newGroup();
        FacepassResponse empty = env.client().group("query", group);
        assertThat(empty.keys(empty.data())).as("query data keys (their order: FacepassAnswerOrderTest)").containsExactlyInAnyOrder("group_name", "faces");
        assertThat(empty.data().path("faces").isArray() && empty.data().path("faces").isEmpty()).as("faces of a new group: []").isTrue();

        String one = env.addFace(Photos.ANGELINA_1);
        String two = env.addFace(Photos.JENNIFER_1);
        assertThat(env.client().binding("bind", group, one).code()).as("bind one").isZero();
        assertThat(env.client().binding("bind", group, two).code()).as("bind two").isZero();
        assertThat(env.client().binding("bind", group, one).code()).as("bind one again").isZero();
        assertThat(env.client().group("query", group).strings("/data/faces")).as("faces").containsExactlyInAnyOrder(one, two);

        assertThat(env.client().binding("unbind", group, one).code()).as("unbind one").isZero();
        assertThat(env.client().group("query", group).strings("/data/faces")).as("faces after unbind").containsExactly(two);
        FacepassResponse missing = env.client().binding("unbind", group, one);
        missing.assertRefused("unbind again", "GROUP_BINDING_NOT_EXIST");

        assertThat(env.client().face("delete", two).code()).as("delete the face").isZero();
        assertThat(env.client().group("query", group).strings("/data/faces")).as("a deleted face leaves every group").isEmpty();
    }

    @Test
    @Proves(dialect = "facepass", operation = "group.bind", code = "104202", section = "绑定Face到Group")
    @Proves(dialect = "facepass", operation = "group.bind", code = "104001", section = "绑定Face到Group")
    @Proves(dialect = "facepass", operation = "group.unbind", code = "104001", section = "Group解绑Face")
    void tokensThatNameNoFace() {
        String group = env.newGroup();
        String token = env.addFace(Photos.ID01_1);
        assertThat(env.client().face("delete", token).code()).as("delete the face").isZero();

        FacepassResponse gone = env.client().binding("bind", group, token);
        gone.assertRefused("bind a deleted face", "FACE_TOKEN_NOT_EXIST");
        assertThat(env.client().binding("bind", group, "not-a-token").message()).as("bind a malformed token").isEqualTo("ILLEGAL_ARGUMENT: face_token");
        assertThat(env.client().binding("unbind", group, 7).message()).as("unbind a number").isEqualTo("ILLEGAL_ARGUMENT: face_token");
    }
}
