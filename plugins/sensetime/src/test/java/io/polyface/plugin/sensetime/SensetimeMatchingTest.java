package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verification, search, identification, training and when they answer at once or as a task. */
class SensetimeMatchingTest {
    private final SensetimeHarness harness = new SensetimeHarness();

    /** The result of a call, waiting for its task when it went asynchronous. */
    private JsonNode result(SensetimeHarness.Answer answer) {
        if (answer.status() == 202) {
            SensetimeHarness.Answer task = harness.awaitTask(answer.json().path("task_id").asText());
            assertThat(task.json().path("task_status").asText()).isEqualTo("done");
            return task.json().path("result");
        }
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode synchronous(SensetimeHarness.Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void faceToFaceVerificationIsSynchronous() {
        String a = harness.face(TestImages.ALICE);
        String a2 = harness.face(TestImages.ALICE_AGAIN);
        String b = harness.face(TestImages.BOB);

        SensetimeHarness.Answer same = harness.post("/face/verification", Map.of("face_id", a, "face2_id", a2));
        SensetimeHarness.Answer other = harness.post("/face/verification", Map.of("face_id", a, "face2_id", b));

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("same_person").asBoolean()).isTrue();
        assertThat(same.json().path("confidence").asDouble()).isGreaterThan(0.9);
        assertThat(same.json().path("face2_id").asText()).isEqualTo(a2);
        assertThat(other.json().path("same_person").asBoolean()).isFalse();
        assertThat(other.json().path("confidence").asDouble()).isLessThan(0.6);
        assertThat(harness.post("/face/verification", Map.of("face_id", a, "face2_id", "0".repeat(32))).statusField())
                .isEqualTo("INVALID_FACE2");
        assertThat(harness.post("/face/verification", Map.of("face_id", "0".repeat(32), "face2_id", a)).statusField())
                .isEqualTo("INVALID_FACE");
        assertThat(harness.post("/face/verification", Map.of("face_id", a)).statusField()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void anUntrainedPersonIsVerifiedAtOnceAndTrainedOnTheWay() {
        String a = harness.face(TestImages.ALICE);
        String probe = harness.face(TestImages.ALICE_AGAIN);
        String person = harness.person("alice", a);

        SensetimeHarness.Answer untrained = harness.post("/face/verification", Map.of("face_id", probe, "person_id", person));

        assertThat(untrained.status()).isEqualTo(200);
        assertThat(untrained.json().path("same_person").asBoolean()).isTrue();
        assertThat(untrained.json().path("person_id").asText()).isEqualTo(person);
        assertThat(harness.post("/face/training", Map.of("person_id", List.of(person))).status())
                .as("the verification trained the person's face").isEqualTo(200);
    }

    @Test
    void smallUntrainedWorkAnswersAtOnceAndTrainsWhatItCompared() {
        String probe = harness.face(TestImages.ALICE);
        String alice = harness.person("alice", harness.face(TestImages.ALICE_AGAIN));
        String bob = harness.person("bob", harness.face(TestImages.BOB));
        String group = harness.group("g", alice, bob);
        String b = harness.face(TestImages.BOB);
        String a2 = harness.face(TestImages.ALICE_AGAIN);
        String faceset = harness.faceset("fs", b, a2);

        SensetimeHarness.Answer identified = harness.post("/face/identification", Map.of("face_id", probe, "group_id", group));
        SensetimeHarness.Answer searched = harness.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset));

        assertThat(identified.status()).isEqualTo(200);
        assertThat(identified.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(alice);
        assertThat(searched.status()).isEqualTo(200);
        assertThat(searched.json().path("candidates").get(0).path("face_id").asText()).isEqualTo(a2);
        assertThat(harness.post("/face/training", Map.of("group_id", List.of(group), "faceset_id", List.of(faceset))).status())
                .as("nothing left to train").isEqualTo(200);
    }

    @Test
    void aNewEnrolmentDoesNotTurnTheNextIdentificationAsynchronous() {
        String alice = harness.person("alice", harness.face(TestImages.ALICE));
        String group = harness.group("g", alice);
        result(harness.post("/face/training", Map.of("group_id", List.of(group))));
        String carol = harness.person("carol", harness.face(TestImages.CAROL));
        assertThat(harness.post("/group/add_person", Map.of("group_id", group, "person_id", List.of(carol))).status()).isEqualTo(200);

        SensetimeHarness.Answer identified = harness.post("/face/identification",
                Map.of("face_id", harness.face(TestImages.CAROL_AGAIN), "group_id", group));

        assertThat(identified.status()).isEqualTo(200);
        assertThat(identified.json().path("candidates").size()).isEqualTo(1);
        assertThat(identified.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(carol);
        assertThat(identified.json().path("candidates").get(0).path("name").asText()).isEqualTo("carol");
    }

    @Test
    void largeUntrainedWorkIsATaskThatTrainsAndTrainedWorkAnswersAtOnce() {
        SensetimeHarness small = smallThreshold();
        String probe = small.face(TestImages.ALICE);
        String alice = small.person("alice", small.face(TestImages.ALICE_AGAIN));
        String bob = small.person("bob", small.face(TestImages.BOB));
        String group = small.group("g", alice, bob);
        String twoFaces = small.person("two", small.face(TestImages.ALICE_AGAIN), small.face(TestImages.BOB));
        String faceset = small.post("/faceset/create", Map.of("name", "fs", "face_id", List.of(small.face(TestImages.ALICE_AGAIN),
                small.face(TestImages.BOB)))).json().path("faceset_id").asText();

        SensetimeHarness.Answer identification = small.post("/face/identification", Map.of("face_id", probe, "group_id", group));
        SensetimeHarness.Answer verification = small.post("/face/verification", Map.of("face_id", probe, "person_id", twoFaces));
        SensetimeHarness.Answer search = small.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset));

        for (SensetimeHarness.Answer answer : List.of(identification, verification, search)) {
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().path("task_status").asText()).isIn("pending", "processing");
        }
        JsonNode found = small.awaitTask(identification.json().path("task_id").asText()).json().path("result");
        assertThat(found.path("candidates").get(0).path("person_id").asText()).isEqualTo(alice);
        JsonNode verified = small.awaitTask(verification.json().path("task_id").asText()).json().path("result");
        assertThat(verified.path("same_person").asBoolean()).isTrue();
        small.awaitTask(search.json().path("task_id").asText());
        // the tasks trained what they compared: the same calls now answer at once, as the document promises
        SensetimeHarness.Answer again = small.post("/face/identification", Map.of("face_id", probe, "group_id", group));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(alice);
        assertThat(small.post("/face/verification", Map.of("face_id", probe, "person_id", twoFaces)).status()).isEqualTo(200);
        assertThat(small.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset)).status()).isEqualTo(200);
        assertThat(small.post("/face/training", Map.of("group_id", List.of(group))).status()).isEqualTo(200);
    }

    @Test
    void explicitTrainingMakesLargeWorkSynchronous() {
        SensetimeHarness small = smallThreshold();
        String probe = small.face(TestImages.CAROL_AGAIN);
        String carol = small.person("carol", small.face(TestImages.CAROL));
        String bob = small.person("bob", small.face(TestImages.BOB));
        String group = small.group("g", carol, bob);

        SensetimeHarness.Answer training = small.post("/face/training", Map.of("group_id", List.of(group)));
        assertThat(training.status()).isEqualTo(202);
        assertThat(small.awaitTask(training.json().path("task_id").asText()).json().path("result").path("status").asText()).isEqualTo("OK");
        SensetimeHarness.Answer identified = small.post("/face/identification", Map.of("face_id", probe, "group_id", group));

        assertThat(identified.status()).isEqualTo(200);
        assertThat(identified.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(carol);
    }

    /** A dialect for which two faces are already large work. */
    private static SensetimeHarness smallThreshold() {
        Map<String, String> settings = new HashMap<>(SensetimeHarness.accountSettings(Map.of()));
        settings.put("async.min-faces", "2");
        return new SensetimeHarness(settings);
    }

    @Test
    void verificationAgainstAPersonWithoutFacesIsEmptyPerson() {
        String a = harness.face(TestImages.ALICE);
        String person = harness.person("empty");

        assertThat(harness.post("/face/verification", Map.of("face_id", a, "person_id", person)).statusField()).isEqualTo("EMPTY_PERSON");
        assertThat(harness.post("/face/verification", Map.of("face_id", a, "person_id", "1".repeat(32))).statusField())
                .isEqualTo("INVALID_PERSON");
    }

    @Test
    void searchRanksCandidatesAndChecksItsRange() {
        String probe = harness.face(TestImages.ALICE);
        String a2 = harness.face(TestImages.ALICE_AGAIN);
        String b = harness.face(TestImages.BOB);
        String faceset = harness.faceset("fs", b, a2);

        JsonNode byFaceset = synchronous(harness.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset, "top", 1)));
        JsonNode byIds = synchronous(harness.form("/face/search", Map.of("face_id", probe, "face_ids", b + "," + a2)));

        assertThat(byFaceset.path("candidates").size()).isEqualTo(1);
        assertThat(byFaceset.path("candidates").get(0).path("face_id").asText()).isEqualTo(a2);
        assertThat(byIds.path("candidates").get(0).path("face_id").asText()).isEqualTo(a2);
        assertThat(byIds.path("candidates").get(1).path("face_id").asText()).isEqualTo(b);
        SensetimeHarness.Answer outOfRange = harness.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset, "top", 11));
        assertThat(outOfRange.statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(outOfRange.json().path("reason").asText()).isEqualTo("argument 'top': not in range(1..10)");
        assertThat(harness.post("/face/search", Map.of("face_id", probe, "face_ids", List.of())).statusField()).isEqualTo("EMPTY_FACESET");
        String empty = harness.faceset("e");
        assertThat(harness.post("/face/search", Map.of("face_id", probe, "faceset_id", empty)).statusField()).isEqualTo("EMPTY_FACESET");
        assertThat(harness.post("/face/search", Map.of("face_id", probe, "faceset_id", "2".repeat(32))).statusField())
                .isEqualTo("INVALID_FACESET");
    }

    @Test
    void identificationNamesOnlyPersonsAboveTheThreshold() {
        String probe = harness.face(TestImages.ALICE);
        String alice = harness.person("alice", harness.face(TestImages.ALICE_AGAIN));
        String bob = harness.person("bob", harness.face(TestImages.BOB));
        String group = harness.group("g", alice, bob);

        JsonNode found = synchronous(harness.post("/face/identification", Map.of("face_id", probe, "group_id", group, "top", "5")));

        assertThat(found.path("group_id").asText()).isEqualTo(group);
        assertThat(found.path("candidates").size()).isEqualTo(1);
        assertThat(found.path("candidates").get(0).path("person_id").asText()).isEqualTo(alice);
        assertThat(found.path("candidates").get(0).path("name").asText()).isEqualTo("alice");
        assertThat(harness.post("/face/identification", Map.of("face_id", probe, "group_id", group, "top", "6")).statusField())
                .isEqualTo("INVALID_ARGUMENT");
        String emptyGroup = harness.group("e");
        assertThat(harness.post("/face/identification", Map.of("face_id", probe, "group_id", emptyGroup)).statusField())
                .isEqualTo("EMPTY_GROUP");
    }

    @Test
    void trainingChecksEveryIdFirst() {
        String face = harness.face(TestImages.ALICE);

        assertThat(harness.post("/face/training", Map.of()).statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(harness.post("/face/training", Map.of("face_id", List.of(face), "group_id", "9".repeat(32))).statusField())
                .isEqualTo("INVALID_GROUP");
        assertThat(harness.post("/face/training", Map.of("person_id", "bad")).statusField()).isEqualTo("INVALID_PERSON");
        assertThat(harness.post("/face/training", Map.of("faceset_id", "bad")).statusField()).isEqualTo("INVALID_FACESET");
        assertThat(harness.post("/face/training", Map.of("face_id", "bad")).statusField()).isEqualTo("INVALID_FACE");
    }

    @Test
    void taskIdsLiveADay() {
        String face = harness.face(TestImages.ALICE);
        SensetimeHarness.Answer training = harness.post("/face/training", Map.of("face_id", face));
        String taskId = training.json().path("task_id").asText();
        harness.awaitTask(taskId);

        harness.clock.advance(Duration.ofHours(24));

        assertThat(harness.get("/info/task", Map.of("task_id", taskId)).statusField()).isEqualTo("INVALID_TASK");
        assertThat(harness.get("/info/task", Map.of("task_id", "nope")).statusField()).isEqualTo("INVALID_TASK");
        assertThat(harness.get("/info/task", Map.of()).statusField()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void trainingAFaceTrainsItsCopiesInPersonsAndFacesets() {
        SensetimeHarness small = smallThreshold();
        String face = small.face(TestImages.ALICE);
        String other = small.face(TestImages.BOB);
        String probe = small.face(TestImages.ALICE_AGAIN);
        String person = small.person("alice", face, other);
        String faceset = small.faceset("fs", face, other);

        SensetimeHarness.Answer training = small.post("/face/training", Map.of("face_id", List.of(face, other)));
        small.awaitTask(training.json().path("task_id").asText());

        // two faces are large work here: only trained copies answer at once
        assertThat(small.post("/face/verification", Map.of("face_id", probe, "person_id", person)).status()).isEqualTo(200);
        assertThat(small.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset)).status()).isEqualTo(200);
    }
}
