package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Persons, groups and facesets, with the document's rules on adds, removes and counts. */
class SensetimeDirectoryTest {
    private final SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(Map.of(
            "quota.persons", "3", "quota.faces-per-person", "2", "quota.groups", "1", "quota.persons-per-group", "2",
            "quota.facesets", "1", "quota.faces-per-faceset", "2")));

    @Test
    void aPersonIsCreatedWithFacesAndFaceCountIsLeftOutAtZero() {
        String face = harness.face(TestImages.ALICE);

        JsonNode withFace = harness.post("/person/create", Map.of("name", "alice", "face_id", List.of(face), "user_data", "ud")).json();
        JsonNode empty = harness.post("/person/create", Map.of("name", "nobody")).json();

        assertThat(withFace.path("face_count").asInt()).isEqualTo(1);
        assertThat(empty.has("face_count")).isFalse();
        JsonNode info = harness.get("/info/person", Map.of("person_id", withFace.path("person_id").asText())).json();
        assertThat(info.path("name").asText()).isEqualTo("alice");
        assertThat(info.path("user_data").asText()).isEqualTo("ud");
        assertThat(info.path("face_ids").toString()).isEqualTo("[\"" + face + "\"]");
        assertThat(harness.get("/info/list_persons", Map.of()).json().path("persons").size()).isEqualTo(2);
    }

    @Test
    void oneInvalidFaceAddsNothing() {
        String face = harness.face(TestImages.ALICE);
        String person = harness.person("alice");

        SensetimeHarness.Answer create = harness.post("/person/create", Map.of("name", "x", "face_id", List.of(face, "f".repeat(32))));
        SensetimeHarness.Answer add = harness.form("/person/add_face", Map.of("person_id", person, "face_id", face + ",bogus"));

        assertThat(create.statusField()).isEqualTo("INVALID_FACE");
        assertThat(add.statusField()).isEqualTo("INVALID_FACE");
        assertThat(harness.get("/info/person", Map.of("person_id", person)).json().path("face_ids").size()).isZero();
        assertThat(harness.get("/info/list_persons", Map.of()).json().path("persons").size()).isEqualTo(1);
    }

    @Test
    void aFaceMovesSilentlyToThePersonItWasAddedToLast() {
        String face = harness.face(TestImages.ALICE);
        String first = harness.person("first", face);
        String second = harness.person("second");

        JsonNode added = harness.post("/person/add_face", Map.of("person_id", second, "face_id", List.of(face))).json();
        JsonNode again = harness.post("/person/add_face", Map.of("person_id", second, "face_id", List.of(face))).json();

        assertThat(added.path("added_count").asInt()).isEqualTo(1);
        assertThat(added.path("face_count").asInt()).isEqualTo(1);
        assertThat(again.path("added_count").asInt()).isZero();
        assertThat(harness.get("/info/person", Map.of("person_id", first)).json().path("face_ids").size()).isZero();
        assertThat(harness.get("/info/person", Map.of("person_id", second)).json().path("face_ids").size()).isEqualTo(1);
    }

    @Test
    void removesSkipInvalidIdsSilently() {
        String face = harness.face(TestImages.ALICE);
        String person = harness.person("alice", face);

        JsonNode removed = harness.post("/person/remove_face", Map.of("person_id", person, "face_id", List.of("nope", face))).json();

        assertThat(removed.path("status").asText()).isEqualTo("OK");
        assertThat(removed.path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.path("face_count").asInt()).isZero();
        assertThat(harness.post("/person/remove_face", Map.of("person_id", person, "face_id", List.of())).statusField())
                .isEqualTo("EMPTY_FACE_ID");
        assertThat(harness.post("/person/remove_face", Map.of("person_id", person)).statusField()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void quotasAreEnforcedWithAReason() {
        String a = harness.face(TestImages.ALICE);
        String b = harness.face(TestImages.ALICE_AGAIN);
        String c = harness.face(TestImages.BOB);
        String person = harness.person("p", a, b);

        SensetimeHarness.Answer tooManyFaces = harness.post("/person/add_face", Map.of("person_id", person, "face_id", List.of(c)));
        harness.person("q");
        harness.person("r");
        SensetimeHarness.Answer tooManyPersons = harness.post("/person/create", Map.of("name", "s"));

        assertThat(tooManyFaces.status()).isEqualTo(400);
        assertThat(tooManyFaces.statusField()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(tooManyFaces.json().path("reason").asText()).contains("at most 2 faces");
        assertThat(tooManyPersons.statusField()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(tooManyPersons.json().path("reason").asText()).contains("at most 3 persons");
    }

    @Test
    void groupsHoldPersonsAllOrNothingWithinTheirQuota() {
        String p1 = harness.person("p1");
        String p2 = harness.person("p2");
        String p3 = harness.person("p3");

        JsonNode created = harness.post("/group/create", Map.of("name", "g")).json();
        String group = created.path("group_id").asText();
        assertThat(created.has("person_count")).isFalse();
        assertThat(harness.post("/group/create", Map.of("name", "g2")).statusField()).isEqualTo("QUOTA_EXCEEDED");

        assertThat(harness.post("/group/add_person", Map.of("group_id", group, "person_id", List.of(p1, "bad"))).statusField())
                .isEqualTo("INVALID_PERSON");
        JsonNode added = harness.form("/group/add_person", Map.of("group_id", group, "person_id", p1 + "," + p2)).json();
        assertThat(added.path("person_count").asInt()).isEqualTo(2);
        assertThat(added.path("added_count").asInt()).isEqualTo(2);
        assertThat(harness.post("/group/add_person", Map.of("group_id", group, "person_id", List.of(p3))).statusField())
                .isEqualTo("QUOTA_EXCEEDED");
        assertThat(harness.post("/group/add_person", Map.of("group_id", group, "person_id", "")).statusField())
                .isEqualTo("EMPTY_PERSON_ID");

        JsonNode removed = harness.post("/group/remove_person", Map.of("group_id", group, "person_id", List.of(p1, "zz"))).json();
        assertThat(removed.path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.path("person_count").asInt()).isEqualTo(1);

        assertThat(harness.post("/group/change", Map.of("group_id", group, "name", "renamed", "user_data", "x")).status()).isEqualTo(200);
        JsonNode info = harness.get("/info/group", Map.of("group_id", group)).json();
        assertThat(info.path("name").asText()).isEqualTo("renamed");
        assertThat(info.path("user_data").asText()).isEqualTo("x");
        assertThat(info.path("persons").toString()).isEqualTo("[{\"person_id\":\"" + p2 + "\",\"name\":\"p2\"}]");

        harness.post("/person/delete", Map.of("person_id", p2));
        assertThat(harness.get("/info/group", Map.of("group_id", group)).json().path("persons").size()).isZero();
        assertThat(harness.post("/group/delete", Map.of("group_id", group)).status()).isEqualTo(200);
        assertThat(harness.get("/info/group", Map.of("group_id", group)).statusField()).isEqualTo("INVALID_GROUP");
    }

    @Test
    void facesetsCountTheirFaces() {
        String a = harness.face(TestImages.ALICE);
        String b = harness.face(TestImages.BOB);
        String c = harness.face(TestImages.ALICE_AGAIN);

        JsonNode created = harness.post("/faceset/create", Map.of("name", "fs", "face_id", List.of(a))).json();
        String faceset = created.path("faceset_id").asText();
        assertThat(created.path("face_count").asInt()).isEqualTo(1);
        assertThat(created.path("name").asText()).isEqualTo("fs");
        assertThat(harness.post("/faceset/create", Map.of("name", "two")).statusField()).isEqualTo("QUOTA_EXCEEDED");

        JsonNode added = harness.post("/faceset/add_face", Map.of("faceset_id", faceset, "face_id", List.of(a, b))).json();
        assertThat(added.path("added_count").asInt()).isEqualTo(1);
        assertThat(added.path("face_count").asInt()).isEqualTo(2);
        assertThat(harness.post("/faceset/add_face", Map.of("faceset_id", faceset, "face_id", List.of(c))).statusField())
                .isEqualTo("QUOTA_EXCEEDED");
        assertThat(harness.post("/faceset/add_face", Map.of("faceset_id", faceset, "face_id", List.of())).statusField())
                .isEqualTo("EMPTY_FACE_ID");

        JsonNode removed = harness.post("/faceset/remove_face", Map.of("faceset_id", faceset, "face_id", List.of(b, "nope"))).json();
        assertThat(removed.path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.path("face_count").asInt()).isEqualTo(1);

        assertThat(harness.post("/faceset/change", Map.of("faceset_id", faceset)).statusField()).isEqualTo("INVALID_ARGUMENT");
        harness.post("/faceset/change", Map.of("faceset_id", faceset, "user_data", "ud"));
        JsonNode info = harness.get("/info/faceset", Map.of("faceset_id", faceset)).json();
        assertThat(info.path("user_data").asText()).isEqualTo("ud");
        assertThat(info.path("name").asText()).isEqualTo("fs");
        assertThat(harness.get("/info/list_facesets", Map.of()).json().path("facesets").get(0).path("faceset_id").asText()).isEqualTo(faceset);
        assertThat(harness.post("/faceset/delete", Map.of("faceset_id", faceset)).status()).isEqualTo(200);
        assertThat(harness.post("/faceset/delete", Map.of("faceset_id", faceset)).statusField()).isEqualTo("INVALID_FACESET");
    }

    @Test
    void personChangeNeedsNameOrUserData() {
        String person = harness.person("p");

        assertThat(harness.post("/person/change", Map.of("person_id", person)).statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(harness.post("/person/change", Map.of("person_id", person, "name", "q")).status()).isEqualTo(200);
        assertThat(harness.get("/info/person", Map.of("person_id", person)).json().path("name").asText()).isEqualTo("q");
        assertThat(harness.post("/person/change", Map.of("person_id", "0".repeat(32), "name", "q")).statusField()).isEqualTo("INVALID_PERSON");
    }
}
