package io.polyface.conformance.sensetime;

import static io.polyface.conformance.sensetime.SensetimeInfoTest.assertStatus;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Photos;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What persons (of faces), facesets (of faces) and groups (of persons) answer alike, said once:
 * {@code /<kind>/create} with members, {@code /<kind>/add_<member>} and {@code /<kind>/remove_<member>}
 * and their refusals, change and delete, and the account's quotas. Each test class keeps its own
 * tests (their names and what they prove) and calls these for the shared part.
 *
 * @param kind {@code person}, {@code faceset} or {@code group}
 * @param member {@code face} or {@code person}
 */
record SensetimeContainer(SensetimeEnvironment env, String kind, String member) {
    SensetimeContainer {
        requireNonNull(env, "env is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(member, "member is null");
    }

    /**
     * An account's quota of these (from /info/api): how many it may hold, how many members one may
     * have, and how many it holds.
     */
    record Quota(int allowed, int perContainer, int used) {
        /** How many more it may hold. */
        int free() {
            return allowed - used;
        }
    }

    /** A create with one member, and one without members, both deleted after the test. */
    record Created(SensetimeResponse created, String id, String emptyId, SensetimeResponse info) {
    }

    private String idField() {
        return kind + "_id";
    }

    private String memberField() {
        return member + "_id";
    }

    private String countField() {
        return member + "_count";
    }

    private String invalid() {
        return "INVALID_" + kind.toUpperCase(Locale.ROOT);
    }

    private String invalidMember() {
        return "INVALID_" + member.toUpperCase(Locale.ROOT);
    }

    private String emptyMemberId() {
        return "EMPTY_" + member.toUpperCase(Locale.ROOT) + "_ID";
    }

    /** Creates one with these members, deleted after the test. */
    String create(String name, List<String> members) {
        SensetimeResponse created = env.client().post("/" + kind + "/create", Map.of("name", name, memberField(), members));
        assertThat(created.httpStatus()).as(kind + "/create").isEqualTo(200);
        return env.track(Role.MAIN, kind, created.text(idField()));
    }

    /**
     * Creates one with a member and user data, and one without members, which has no member count;
     * the first counts one member and /info shows its user data.
     */
    Created createdWithOneMember(String name, String memberId, String userData) {
        SensetimeResponse created = env.client().post("/" + kind + "/create", Map.of("name", name, memberField(), List.of(memberId), "user_data", userData));
        String id = env.track(Role.MAIN, kind, created.text(idField()));
        SensetimeResponse empty = env.client().post("/" + kind + "/create", Map.of("name", name + "_empty"));
        String emptyId = env.track(Role.MAIN, kind, empty.text(idField()));

        assertThat(created.json().path(countField()).asInt()).isEqualTo(1);
        assertThat(empty.json().has(countField())).as(countField() + " of a " + kind + " without members").isFalse();
        SensetimeResponse info = env.client().get("/info/" + kind, Map.of(idField(), id));
        assertThat(info.text("user_data")).isEqualTo(userData);
        return new Created(created, id, emptyId, info);
    }

    /** A create naming one unknown member is refused and creates nothing; one without a name is refused. */
    void assertACreateWithOneInvalidMemberCreatesNothing(String memberId) {
        String list = kind + "s";
        int before = env.client().get("/info/list_" + list, Map.of()).json().path(list).size();

        assertStatus(env.client().post("/" + kind + "/create", Map.of("name", "x", memberField(), List.of(memberId, SensetimeOperations.NO_ID))),
                invalidMember());
        assertThat(env.client().get("/info/list_" + list, Map.of()).json().path(list).size()).as(list).isEqualTo(before);
        assertStatus(env.client().post("/" + kind + "/create", Map.of(memberField(), List.of(memberId))), "INVALID_ARGUMENT");
    }

    SensetimeResponse add(String id, List<String> memberIds) {
        return env.client().post("/" + kind + "/add_" + member, Map.of(idField(), id, memberField(), memberIds));
    }

    /** Adding with one unknown member among good ones is refused as a whole. */
    void assertAnAddWithOneInvalidMemberIsRefused(String id, String memberId) {
        assertStatus(add(id, List.of(memberId, SensetimeOperations.NO_ID)), invalidMember());
    }

    /** Adding to an unknown one, adding no members, and adding without members are refused. */
    void assertAddRefusals(String id, String memberId) {
        assertStatus(add(SensetimeOperations.NO_ID, List.of(memberId)), invalid());
        assertStatus(add(id, List.of()), emptyMemberId());
        assertStatus(env.client().post("/" + kind + "/add_" + member, Map.of(idField(), id)), "INVALID_ARGUMENT");
    }

    SensetimeResponse remove(String id, List<String> memberIds) {
        return env.client().post("/" + kind + "/remove_" + member, Map.of(idField(), id, memberField(), memberIds));
    }

    /** Removing from an unknown one, removing an empty id, and removing without members are refused. */
    void assertRemoveRefusals(String id, String memberId) {
        String path = "/" + kind + "/remove_" + member;
        assertStatus(remove(SensetimeOperations.NO_ID, List.of(memberId)), invalid());
        assertStatus(env.client().post(path, Map.of(idField(), id, memberField(), "")), emptyMemberId());
        assertStatus(env.client().post(path, Map.of(idField(), id)), "INVALID_ARGUMENT");
    }

    /**
     * It changes its name and user data, which /info shows, and is then deleted: an unknown id is
     * refused as invalid, a missing one as INVALID_ARGUMENT.
     */
    void assertChangesAndGoes(String id) {
        SensetimeClient client = env.client();
        assertThat(client.post("/" + kind + "/change", Map.of(idField(), id, "name", "renamed", "user_data", "changed")).httpStatus())
                .isEqualTo(200);
        SensetimeResponse info = client.get("/info/" + kind, Map.of(idField(), id));
        assertThat(info.text("name")).isEqualTo("renamed");
        assertThat(info.text("user_data")).isEqualTo("changed");
        assertStatus(client.post("/" + kind + "/change", Map.of(idField(), SensetimeOperations.NO_ID, "name", "x")), invalid());
        assertStatus(client.post("/" + kind + "/change", Map.of(idField(), id)), "INVALID_ARGUMENT");

        assertThat(client.post("/" + kind + "/delete", Map.of(idField(), id)).httpStatus()).isEqualTo(200);
        assertStatus(client.get("/info/" + kind, Map.of(idField(), id)), invalid());
        assertStatus(client.post("/" + kind + "/delete", Map.of(idField(), id)), invalid());
        assertStatus(client.post("/" + kind + "/delete", Map.of()), "INVALID_ARGUMENT");
    }

    /** This account's quota of these, as /info/api tells it. */
    Quota quota(SensetimeClient account) {
        JsonNode api = account.get("/info/api", Map.of()).json();
        return new Quota(api.path("quota").path(kind + "s").asInt(), api.path("quota").path(member + "s_per_" + kind).asInt(),
                api.path("usage").path(kind + "s").asInt());
    }

    /** Faces detected by the small account in the first {@code count} of six photos of three people. */
    List<String> facesOfTheSmallAccount(SensetimeClient small, int count) {
        List<String> faces = new ArrayList<>();
        for (String photo : List.of(Photos.ANGELINA_1, Photos.ANGELINA_2, Photos.ANGELINA_PROBE, Photos.SCARLETT_1, Photos.SCARLETT_PROBE,
                Photos.JENNIFER_1).subList(0, count)) {
            faces.add(small.detect(env.faces().bytes(photo), Map.of()).json().path("faces").get(0).path("face_id").asText());
        }
        return faces;
    }

    /**
     * On the small account: a create with one member over the per-container quota is refused with a
     * reason; adding that member to a full one is refused (the answer is returned); creating past
     * the account's quota of these is refused.
     *
     * @param memberIds one more than fit in one
     * @param quota the account's quota of these before the test
     */
    SensetimeResponse assertQuotasHold(SensetimeClient small, List<String> memberIds, Quota quota) {
        SensetimeResponse tooMany = small.post("/" + kind + "/create", Map.of("name", "q", memberField(), memberIds));
        assertStatus(tooMany, "QUOTA_EXCEEDED");
        assertThat(tooMany.text("reason")).isNotBlank();

        String full = env.track(Role.SMALL, kind, small.post("/" + kind + "/create",
                Map.of("name", "q", memberField(), memberIds.subList(0, memberIds.size() - 1))).text(idField()));
        SensetimeResponse oneMore = small.post("/" + kind + "/add_" + member, Map.of(idField(), full, memberField(), List.of(memberIds.getLast())));
        assertStatus(oneMore, "QUOTA_EXCEEDED");

        for (int i = quota.used() + 1; i < quota.allowed(); i++) {
            env.track(Role.SMALL, kind, small.post("/" + kind + "/create", Map.of("name", "fill")).text(idField()));
        }
        assertStatus(small.post("/" + kind + "/create", Map.of("name", "over")), "QUOTA_EXCEEDED");
        return oneMore;
    }
}
