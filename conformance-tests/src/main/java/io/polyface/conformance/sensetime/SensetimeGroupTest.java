package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /group/* and /info/group. */
class SensetimeGroupTest extends BaseSensetimeTest {
    private static final SensetimeContainer groups = new SensetimeContainer(env, "group", "person");

    @Test
    @Proves(dialect = "sensetime", operation = "group.create", code = "OK", section = "/group/create (person_count 为 0 时不返回)")
    @Proves(dialect = "sensetime", operation = "info.group", code = "OK", section = "/info/group")
    void aGroupIsCreatedWithItsPersons() {
        String name = SensetimeEnvironment.name("g");
        String p1 = env.person("p1", List.of());

        SensetimeContainer.Created created = groups.createdWithOneMember(name, p1, "gd");

        assertThat(created.created().text("name")).isEqualTo(name);
        assertThat(created.info().json().path("persons").toString()).isEqualTo("[{\"person_id\":\"" + p1 + "\",\"name\":\"p1\"}]");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "group.create", code = "INVALID_PERSON", section = "/group/create (一个或多个 person_id 无效则创建失败)")
    @Proves(dialect = "sensetime", operation = "group.create", code = "INVALID_ARGUMENT", section = "/group/create (name 必需)")
    void aCreateWithOneInvalidPersonCreatesNothing() {
        groups.assertACreateWithOneInvalidMemberCreatesNothing(env.person("p1", List.of()));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "OK", section = "/group/add_person (一个人可以属于多个组)")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "INVALID_PERSON", section = "/group/add_person (其他 person_id 也会添加失败)")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "INVALID_GROUP", section = "/group/add_person")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "EMPTY_PERSON_ID", section = "/group/add_person")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "INVALID_ARGUMENT", section = "/group/add_person")
    void personsJoinGroupsAllOrNothing() {
        String p1 = env.person("p1", List.of());
        String p2 = env.person("p2", List.of());
        String g1 = groups.create(SensetimeEnvironment.name("g1"), List.of());
        String g2 = groups.create(SensetimeEnvironment.name("g2"), List.of(p1));

        groups.assertAnAddWithOneInvalidMemberIsRefused(g1, p1);
        assertThat(env.client().get("/info/group", Map.of("group_id", g1)).json().path("persons").size()).isZero();
        SensetimeResponse added = env.client().form("/group/add_person", Map.of("group_id", g1, "person_id", p1 + "," + p2));
        SensetimeResponse again = groups.add(g1, List.of(p1));

        assertThat(added.json().path("person_count").asInt()).isEqualTo(2);
        assertThat(added.json().path("added_count").asInt()).isEqualTo(2);
        assertThat(again.json().path("added_count").asInt()).isZero();
        assertThat(env.client().get("/info/group", Map.of("group_id", g2)).json().path("persons").size()).as("p1 is in both groups").isEqualTo(1);
        groups.assertAddRefusals(g1, p1);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "OK", section = "/group/remove_person (无效 person_id 不会报错)")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "INVALID_GROUP", section = "/group/remove_person")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "EMPTY_PERSON_ID", section = "/group/remove_person")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "INVALID_ARGUMENT", section = "/group/remove_person")
    void removesSkipInvalidIdsAndThePersonStays() {
        String p1 = env.person("p1", List.of());
        String p2 = env.person("p2", List.of());
        String g = groups.create(SensetimeEnvironment.name("g"), List.of(p1, p2));

        SensetimeResponse removed = groups.remove(g, List.of(p1, SensetimeOperations.NO_ID));

        assertThat(removed.json().path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.json().path("person_count").asInt()).isEqualTo(1);
        assertThat(env.client().get("/info/person", Map.of("person_id", p1)).httpStatus()).as("the removed person still exists").isEqualTo(200);
        groups.assertRemoveRefusals(g, p1);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "group.change", code = "OK", section = "/group/change")
    @Proves(dialect = "sensetime", operation = "group.change", code = "INVALID_GROUP", section = "/group/change")
    @Proves(dialect = "sensetime", operation = "group.change", code = "INVALID_ARGUMENT", section = "/group/change")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "OK", section = "/group/delete")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "INVALID_GROUP", section = "/group/delete")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "INVALID_ARGUMENT", section = "/group/delete")
    void groupsChangeAndGo() {
        groups.assertChangesAndGoes(groups.create(SensetimeEnvironment.name("g"), List.of()));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "group.create", code = "QUOTA_EXCEEDED", section = "/group/create; 超过调用限制 (quota)")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "QUOTA_EXCEEDED", section = "/group/add_person; 超过调用限制 (quota)")
    void theAccountsGroupQuotasHold() {
        SensetimeClient small = env.clientOrSkip(Role.SMALL);
        SensetimeContainer.Quota quota = groups.quota(small);
        int freePersons = new SensetimeContainer(env, "person", "face").quota(small).free();
        assumeTrue(quota.free() <= 5 && quota.perContainer() < freePersons, "the small account's quotas do not allow this test");

        List<String> persons = new java.util.ArrayList<>();
        for (int i = 0; i <= quota.perContainer(); i++) {
            persons.add(env.track(Role.SMALL, "person", small.post("/person/create", Map.of("name", "m" + i)).text("person_id")));
        }
        groups.assertQuotasHold(small, persons, quota);
    }
}
