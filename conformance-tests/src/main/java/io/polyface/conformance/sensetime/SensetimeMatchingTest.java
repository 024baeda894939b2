package io.polyface.conformance.sensetime;

import static io.polyface.conformance.sensetime.SensetimeInfoTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /face/verification, /face/search, /face/identification, /face/training, and when they answer at
 * once or as a task.
 */
class SensetimeMatchingTest extends BaseSensetimeTest {
    @Test
    @Proves(dialect = "sensetime", operation = "face.verification", code = "OK", section = "/face/verification (脸与脸对比, 同步)")
    void twoPhotosOfOnePersonAreTheSamePersonAndOfTwoAreNot() {
        String a = env.faceOf(Photos.ANGELINA_1);
        String a2 = env.faceOf(Photos.ANGELINA_PROBE);
        String s = env.faceOf(Photos.SCARLETT_1);

        SensetimeResponse same = env.client().post("/face/verification", Map.of("face_id", a, "face2_id", a2));
        SensetimeResponse other = env.client().post("/face/verification", Map.of("face_id", a, "face2_id", s));

        assertThat(same.httpStatus()).as("face to face is synchronous").isEqualTo(200);
        assertThat(same.json().path("same_person").asBoolean()).as("same_person, one person").isTrue();
        assertThat(same.json().path("confidence").asDouble()).isGreaterThan(0.6);
        assertThat(same.text("face_id")).isEqualTo(a);
        assertThat(same.text("face2_id")).isEqualTo(a2);
        assertThat(other.json().path("same_person").asBoolean()).as("same_person, two people").isFalse();
        assertThat(other.json().path("confidence").asDouble()).isLessThanOrEqualTo(0.6);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.verification", code = "OK", section = "/face/verification 异步调用 (脸与人对比: 其他条件下都有可能发生异步调用; may, not must)")
    @Proves(dialect = "sensetime", operation = "face.training", code = "202", section = "/face/training 异步调用")
    @Proves(dialect = "sensetime", operation = "face.training", code = "OK", section = "/face/training")
    @Proves(dialect = "sensetime", operation = "info.task", code = "OK", section = "/info/task (done, result)")
    void aPersonIsVerifiedAtOnceTrainedOrNotAndVerificationTrainsIt() {
        String trainedFirst = env.person(SensetimeEnvironment.name("angelina"), List.of(env.faceOf(Photos.ANGELINA_1), env.faceOf(Photos.ANGELINA_2)));
        String neverTrained = env.person(SensetimeEnvironment.name("angelina"), List.of(env.faceOf(Photos.ANGELINA_1)));
        String probe = env.faceOf(Photos.ANGELINA_PROBE);

        SensetimeResponse training = env.client().post("/face/training", Map.of("person_id", List.of(trainedFirst)));
        assertThat(training.httpStatus()).as("training untrained faces").isEqualTo(202);
        assertThat(training.text("task_id")).matches("[0-9a-f]{32}");
        assertThat(env.result(training).path("status").asText()).isEqualToIgnoringCase("OK");
        SensetimeResponse nothingLeft = env.client().post("/face/training", Map.of("person_id", List.of(trainedFirst)));
        assertThat(nothingLeft.httpStatus()).as("training what is trained").isEqualTo(200);
        SensetimeResponse trained = env.client().post("/face/verification", Map.of("face_id", probe, "person_id", trainedFirst));
        SensetimeResponse untrained = env.client().post("/face/verification", Map.of("face_id", probe, "person_id", neverTrained));

        assertThat(trained.httpStatus()).as("verification against trained faces").isEqualTo(200);
        assertThat(trained.json().path("same_person").asBoolean()).isTrue();
        assertThat(untrained.httpStatus()).as("verification against an untrained face, a small person").isEqualTo(200);
        assertThat(untrained.json().path("same_person").asBoolean()).isTrue();
        assertThat(untrained.text("person_id")).isEqualTo(neverTrained);
        assertThat(env.client().post("/face/training", Map.of("person_id", List.of(neverTrained))).httpStatus())
                .as("training a person the verification trained").isEqualTo(200);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.verification", code = "INVALID_FACE", section = "/face/verification")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "INVALID_FACE2", section = "/face/verification")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "INVALID_PERSON", section = "/face/verification")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "EMPTY_PERSON", section = "/face/verification")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "INVALID_ARGUMENT", section = "/face/verification (face2_id 与 person_id 必须选择其中的一个)")
    void verificationRefusesWhatItCannotCompare() {
        String face = env.faceOf(Photos.IVAN);
        String empty = env.person("empty", List.of());

        assertStatus(env.client().post("/face/verification", Map.of("face_id", SensetimeOperations.NO_ID, "face2_id", face)), "INVALID_FACE");
        assertStatus(env.client().post("/face/verification", Map.of("face_id", face, "face2_id", SensetimeOperations.NO_ID)), "INVALID_FACE2");
        assertStatus(env.client().post("/face/verification", Map.of("face_id", face, "person_id", SensetimeOperations.NO_ID)), "INVALID_PERSON");
        assertStatus(env.client().post("/face/verification", Map.of("face_id", face, "person_id", empty)), "EMPTY_PERSON");
        assertStatus(env.client().post("/face/verification", Map.of("face_id", face)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.search", code = "OK", section = "/face/search (top 1~10, 默认 3); 异步调用 (其他条件下可能发生; may, not must)")
    void searchFindsTheSamePersonFirst() {
        String probe = env.faceOf(Photos.SCARLETT_PROBE);
        String scarlett = env.faceOf(Photos.SCARLETT_1);
        List<String> others = List.of(env.faceOf(Photos.ANGELINA_1), env.faceOf(Photos.JENNIFER_1), env.faceOf(Photos.ID01_1), env.faceOf(Photos.IVAN));
        List<String> all = new java.util.ArrayList<>(others);
        all.add(2, scarlett);
        SensetimeResponse created = env.client().post("/faceset/create", Map.of("name", SensetimeEnvironment.name("fs"), "face_id", all));
        String faceset = env.track(Role.MAIN, "faceset", created.text("faceset_id"));

        SensetimeResponse untrained = env.client().post("/face/search", Map.of("face_id", probe, "faceset_id", faceset));
        assertThat(untrained.httpStatus()).as("search among a few untrained faces").isEqualTo(200);
        JsonNode byDefault = untrained.json();
        env.result(env.client().post("/face/training", Map.of("faceset_id", List.of(faceset), "face_id", all)));
        SensetimeResponse top1 = env.client().post("/face/search", Map.of("face_id", probe, "faceset_id", faceset, "top", 1));
        SensetimeResponse ids = env.client().form("/face/search", Map.of("face_id", probe, "face_ids", String.join(",", all), "top", "10"));
        assertThat(ids.httpStatus()).as("search among face_ids").isEqualTo(200);
        JsonNode byIds = ids.json();

        assertThat(byDefault.path("candidates").size()).as("candidates by default").isEqualTo(3);
        assertThat(byDefault.path("candidates").get(0).path("face_id").asText()).isEqualTo(scarlett);
        assertThat(top1.httpStatus()).as("search among trained faces").isEqualTo(200);
        assertThat(top1.json().path("candidates").size()).isEqualTo(1);
        assertThat(top1.json().path("candidates").get(0).path("face_id").asText()).isEqualTo(scarlett);
        assertThat(byIds.path("candidates").size()).isEqualTo(5);
        assertThat(byIds.path("candidates").get(0).path("face_id").asText()).isEqualTo(scarlett);
        double previous = 1;
        for (JsonNode candidate : byIds.path("candidates")) {
            assertThat(candidate.path("confidence").asDouble()).as("confidences descend").isLessThanOrEqualTo(previous);
            previous = candidate.path("confidence").asDouble();
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.search", code = "EMPTY_FACESET", section = "/face/search")
    @Proves(dialect = "sensetime", operation = "face.search", code = "INVALID_FACESET", section = "/face/search")
    @Proves(dialect = "sensetime", operation = "face.search", code = "INVALID_FACE", section = "/face/search")
    @Proves(dialect = "sensetime", operation = "face.search", code = "INVALID_ARGUMENT", section = "参数错误 (样例 2: top not in range(1..10))")
    void searchRefusesWhatItCannotSearch() {
        String probe = env.faceOf(Photos.JENNIFER_CLOSE_PROBE);
        String empty = env.track(Role.MAIN, "faceset", env.client().post("/faceset/create", Map.of("name", "empty")).text("faceset_id"));

        assertStatus(env.client().post("/face/search", Map.of("face_id", probe, "faceset_id", empty)), "EMPTY_FACESET");
        assertStatus(env.client().post("/face/search", Map.of("face_id", probe, "face_ids", List.of())), "EMPTY_FACESET");
        assertStatus(env.client().post("/face/search", Map.of("face_id", probe, "faceset_id", SensetimeOperations.NO_ID)), "INVALID_FACESET");
        assertStatus(env.client().post("/face/search", Map.of("face_id", SensetimeOperations.NO_ID, "faceset_id", empty)), "INVALID_FACE");
        SensetimeResponse top = env.client().post("/face/search", Map.of("face_id", probe, "faceset_id", empty, "top", 11));
        assertStatus(top, "INVALID_ARGUMENT");
        assertThat(top.text("reason")).isEqualTo("argument 'top': not in range(1..10)");
        assertStatus(env.client().post("/face/search", Map.of("face_id", probe)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.identification", code = "OK", section = "/face/identification (置信度大于 0.6 时才返回)")
    void identificationNamesThePersonAndNoOneBelowTheThreshold() {
        String angelina = env.person("angelina", List.of(env.faceOf(Photos.ANGELINA_1), env.faceOf(Photos.ANGELINA_2)));
        String scarlett = env.person("scarlett", List.of(env.faceOf(Photos.SCARLETT_1)));
        String jennifer = env.person("jennifer", List.of(env.faceOf(Photos.JENNIFER_1)));
        String group = env.track(Role.MAIN, "group", env.client().post("/group/create",
                Map.of("name", SensetimeEnvironment.name("g"), "person_id", List.of(angelina, scarlett, jennifer))).text("group_id"));
        String probe = env.faceOf(Photos.ANGELINA_PROBE);
        String stranger = env.faceOf(Photos.STALLONE);

        SensetimeResponse untrained = env.client().post("/face/identification", Map.of("face_id", probe, "group_id", group, "top", 5));
        assertThat(untrained.httpStatus()).as("identification in a small group with untrained faces").isEqualTo(200);
        JsonNode found = untrained.json();
        env.result(env.client().post("/face/training", Map.of("group_id", List.of(group))));
        SensetimeResponse nobody = env.client().post("/face/identification", Map.of("face_id", stranger, "group_id", group));

        assertThat(found.path("group_id").asText()).isEqualTo(group);
        assertThat(found.path("candidates").size()).as("candidates above 0.6").isEqualTo(1);
        assertThat(found.path("candidates").get(0).path("person_id").asText()).isEqualTo(angelina);
        assertThat(found.path("candidates").get(0).path("name").asText()).isEqualTo("angelina");
        assertThat(nobody.httpStatus()).as("identification in a trained group").isEqualTo(200);
        assertThat(nobody.json().path("candidates").size()).as("candidates for a stranger").isZero();
    }

    /**
     * A sign-in app as such apps are written: it creates a group, enrols people as they register
     * (a person with a face, added to the group), never calls /face/training nor /info/task, and
     * reads the identification's answer at once.
     */
    @Test
    @Proves(dialect = "sensetime", operation = "face.identification", code = "OK", basis = Basis.OBSERVED,
            section = "a real SenseTime client: sign-in app that never trains")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "OK", basis = Basis.OBSERVED,
            section = "a real SenseTime client: sign-in app that never trains")
    void aSignInAppThatNeverTrainsFindsWhoSignsIn() {
        String group = env.track(Role.MAIN, "group", env.client().post("/group/create", Map.of("name", SensetimeEnvironment.name("staff"))).text("group_id"));
        Map<String, String> staff = Map.of(
                "angelina", Photos.ANGELINA_1, "scarlett", Photos.SCARLETT_1, "jennifer", Photos.JENNIFER_1, "ivan", Photos.IVAN);
        Map<String, String> ids = new HashMap<>();
        staff.forEach((name, photo) -> {
            String person = env.person(name, List.of(env.faceOf(photo)));
            assertThat(env.client().post("/group/add_person", Map.of("group_id", group, "person_id", List.of(person))).httpStatus())
                    .as("registering " + name).isEqualTo(200);
            ids.put(name, person);
        });

        SensetimeResponse scarlett = env.client().post("/face/identification", Map.of("face_id", env.faceOf(Photos.SCARLETT_PROBE), "group_id", group));
        SensetimeResponse angelina = env.client().post("/face/identification", Map.of("face_id", env.faceOf(Photos.ANGELINA_PROBE), "group_id", group));
        SensetimeResponse visitor = env.client().post("/face/identification", Map.of("face_id", env.faceOf(Photos.STALLONE), "group_id", group));

        assertThat(scarlett.httpStatus()).as("identification in a group never trained").isEqualTo(200);
        assertThat(scarlett.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(ids.get("scarlett"));
        assertThat(scarlett.json().path("candidates").get(0).path("name").asText()).isEqualTo("scarlett");
        assertThat(angelina.httpStatus()).isEqualTo(200);
        assertThat(angelina.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(ids.get("angelina"));
        assertThat(visitor.httpStatus()).isEqualTo(200);
        assertThat(visitor.json().path("candidates").size()).as("candidates for a visitor").isZero();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.identification", code = "OK",
            section = "/face/identification 异步调用 (其他条件下可能发生异步调用; may, not must)")
    void aNewEnrolmentDoesNotTurnTheNextIdentificationAsynchronous() {
        String angelina = env.person("angelina", List.of(env.faceOf(Photos.ANGELINA_1)));
        String group = env.track(Role.MAIN, "group", env.client().post("/group/create",
                Map.of("name", SensetimeEnvironment.name("g"), "person_id", List.of(angelina))).text("group_id"));
        env.result(env.client().post("/face/training", Map.of("group_id", List.of(group))));
        String jennifer = env.person("jennifer", List.of(env.faceOf(Photos.JENNIFER_1)));
        assertThat(env.client().post("/group/add_person", Map.of("group_id", group, "person_id", List.of(jennifer))).httpStatus()).isEqualTo(200);

        SensetimeResponse found = env.client().post("/face/identification", Map.of("face_id", env.faceOf(Photos.JENNIFER_CLOSE_PROBE), "group_id", group));

        assertThat(found.httpStatus()).as("identification just after an enrolment").isEqualTo(200);
        assertThat(found.json().path("candidates").size()).isEqualTo(1);
        assertThat(found.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(jennifer);
        assertThat(found.json().path("candidates").get(0).path("name").asText()).isEqualTo("jennifer");
    }

    /**
     * Large work, on a gateway of its own where {@value SensetimeLargeWork#MIN_FACES} faces are
     * large: untrained, the three matching calls become tasks whose results are right; the tasks
     * trained what they compared, so the same calls then answer at once, as the document promises
     * for trained faces; and an explicit /face/training of a large group makes its identification
     * synchronous too.
     */
    @Test
    @Proves(dialect = "sensetime", operation = "face.verification", code = "202", section = "/face/verification 异步调用 (人脸未全部训练)")
    @Proves(dialect = "sensetime", operation = "face.search", code = "202", section = "/face/search 异步调用")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "202", section = "/face/identification 异步调用")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "OK", section = "/face/identification 异步调用 (当组中的人脸全部训练过时，系统会同步返回)")
    @Proves(dialect = "sensetime", operation = "face.training", code = "202", section = "/face/training (数据量比较大时, 建议先进行训练)")
    void largeUntrainedWorkIsATaskAndTrainedWorkAnswersAtOnce() {
        assumeFalse(env.external(), "async.min-faces is set on a gateway this test starts");
        try (SensetimeLargeWork large = SensetimeLargeWork.start(env.contract(), env.faces())) {
            SensetimeClient client = large.client();
            String angelina = large.person("angelina", Photos.ANGELINA_1, Photos.ANGELINA_2);
            String scarlett = large.person("scarlett", Photos.SCARLETT_1);
            String jennifer = large.person("jennifer", Photos.JENNIFER_1);
            String group = client.post("/group/create", Map.of("name", "large", "person_id", List.of(angelina, scarlett, jennifer))).text("group_id");
            String threeFaces = large.person("angelina3", Photos.ANGELINA_1, Photos.ANGELINA_2, Photos.ANGELINA_1);
            String faceset = client.post("/faceset/create", Map.of("name", "large", "face_id",
                    List.of(large.faceOf(Photos.SCARLETT_1), large.faceOf(Photos.JENNIFER_1), large.faceOf(Photos.IVAN)))).text("faceset_id");
            String probe = large.faceOf(Photos.SCARLETT_PROBE);
            String angelinaProbe = large.faceOf(Photos.ANGELINA_PROBE);

            SensetimeResponse identification = client.post("/face/identification", Map.of("face_id", angelinaProbe, "group_id", group));
            SensetimeResponse verification = client.post("/face/verification", Map.of("face_id", angelinaProbe, "person_id", threeFaces));
            SensetimeResponse search = client.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset));

            Map.of("identification", identification, "verification", verification, "search", search).forEach((call, task) -> {
                assertThat(task.httpStatus()).as(call + " over " + SensetimeLargeWork.MIN_FACES + " untrained faces").isEqualTo(202);
                assertThat(task.text("task_id")).matches("[0-9a-f]{32}");
                assertThat(task.text("task_status")).isIn("pending", "processing");
            });
            assertThat(env.result(client, identification).path("candidates").get(0).path("person_id").asText()).isEqualTo(angelina);
            assertThat(env.result(client, verification).path("same_person").asBoolean()).isTrue();
            JsonNode searched = env.result(client, search);
            assertThat(searched.path("candidates").get(0).path("confidence").asDouble()).isGreaterThan(0.6);

            SensetimeResponse again = client.post("/face/identification", Map.of("face_id", angelinaProbe, "group_id", group));
            assertThat(again.httpStatus()).as("identification once the task trained the group").isEqualTo(200);
            assertThat(again.json().path("candidates").get(0).path("person_id").asText()).isEqualTo(angelina);
            assertThat(client.post("/face/verification", Map.of("face_id", angelinaProbe, "person_id", threeFaces)).httpStatus()).isEqualTo(200);
            assertThat(client.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset)).httpStatus()).isEqualTo(200);
            assertThat(client.post("/face/training", Map.of("group_id", List.of(group))).httpStatus()).as("nothing left to train").isEqualTo(200);

            String other = client.post("/group/create", Map.of("name", "trained first", "person_id", List.of(
                    large.person("scarlett", Photos.SCARLETT_1), large.person("jennifer", Photos.JENNIFER_1), large.person("ivan", Photos.IVAN))))
                    .text("group_id");
            SensetimeResponse training = client.post("/face/training", Map.of("group_id", List.of(other)));
            assertThat(training.httpStatus()).as("training a large untrained group").isEqualTo(202);
            env.result(client, training);
            SensetimeResponse trainedFirst = client.post("/face/identification", Map.of("face_id", probe, "group_id", other));
            assertThat(trainedFirst.httpStatus()).as("identification in a large trained group").isEqualTo(200);
            assertThat(trainedFirst.json().path("candidates").size()).isEqualTo(1);
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.identification", code = "EMPTY_GROUP", section = "/face/identification")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "INVALID_GROUP", section = "/face/identification")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "INVALID_FACE", section = "/face/identification")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "INVALID_ARGUMENT", section = "/face/identification (top 1~5)")
    void identificationRefusesWhatItCannotSearch() {
        String probe = env.faceOf(Photos.IVAN);
        String faceless = env.person("faceless", List.of());
        String emptyGroup = env.track(Role.MAIN, "group", env.client().post("/group/create", Map.of("name", "e")).text("group_id"));
        String facelessGroup = env.track(Role.MAIN, "group", env.client().post("/group/create",
                Map.of("name", "f", "person_id", List.of(faceless))).text("group_id"));

        assertStatus(env.client().post("/face/identification", Map.of("face_id", probe, "group_id", emptyGroup)), "EMPTY_GROUP");
        assertStatus(env.client().post("/face/identification", Map.of("face_id", probe, "group_id", facelessGroup)), "EMPTY_GROUP");
        assertStatus(env.client().post("/face/identification", Map.of("face_id", probe, "group_id", SensetimeOperations.NO_ID)), "INVALID_GROUP");
        assertStatus(env.client().post("/face/identification", Map.of("face_id", SensetimeOperations.NO_ID, "group_id", emptyGroup)), "INVALID_FACE");
        assertStatus(env.client().post("/face/identification", Map.of("face_id", probe, "group_id", emptyGroup, "top", 6)), "INVALID_ARGUMENT");
        assertStatus(env.client().post("/face/identification", Map.of("face_id", probe)), "INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.training", code = "INVALID_GROUP", section = "/face/training")
    @Proves(dialect = "sensetime", operation = "face.training", code = "INVALID_PERSON", section = "/face/training")
    @Proves(dialect = "sensetime", operation = "face.training", code = "INVALID_FACESET", section = "/face/training")
    @Proves(dialect = "sensetime", operation = "face.training", code = "INVALID_FACE", section = "/face/training")
    @Proves(dialect = "sensetime", operation = "face.training", code = "INVALID_ARGUMENT", section = "/face/training (至少存在一个)")
    void trainingRefusesAnyInvalidId() {
        String face = env.faceOf(Photos.STALLONE);

        assertStatus(env.client().post("/face/training", Map.of("face_id", List.of(face), "group_id", List.of(SensetimeOperations.NO_ID))), "INVALID_GROUP");
        assertStatus(env.client().post("/face/training", Map.of("person_id", List.of(SensetimeOperations.NO_ID))), "INVALID_PERSON");
        assertStatus(env.client().post("/face/training", Map.of("faceset_id", List.of(SensetimeOperations.NO_ID))), "INVALID_FACESET");
        assertStatus(env.client().post("/face/training", Map.of("face_id", List.of(face, SensetimeOperations.NO_ID))), "INVALID_FACE");
        assertStatus(env.client().post("/face/training", Map.of()), "INVALID_ARGUMENT");
    }

    /**
     * The document's table: same_person above 0.6, an error rate of 1e-3 there. On the labelled
     * pairs (125 same, 125 different) at most one different pair in a hundred may pass (the sample
     * cannot resolve less) and nine same pairs in ten must.
     */
    @Test
    @Proves(dialect = "sensetime", operation = "face.verification", code = "OK", section = "/face/verification (置信度阈值与错误率对应关系)")
    void theThresholdSeparatesTheLabelledPairs() throws IOException {
        assumeTrue(env.faces().directory().isPresent(), "pairs.csv is in the shared set only");
        Path directory = env.faces().directory().orElseThrow();
        Map<String, String> faceIds = new HashMap<>();
        int genuine = 0;
        int accepted = 0;
        int impostor = 0;
        int falseAccepts = 0;
        List<String> lines = Files.readAllLines(directory.resolve("pairs.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            String a = faceIds.computeIfAbsent(cells[0], SensetimeMatchingTest::detectOrEmpty);
            String b = faceIds.computeIfAbsent(cells[1], SensetimeMatchingTest::detectOrEmpty);
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            boolean same = env.client().post("/face/verification", Map.of("face_id", a, "face2_id", b)).json().path("same_person").asBoolean();
            if (cells[2].strip().equals("1")) {
                genuine++;
                accepted += same ? 1 : 0;
            } else {
                impostor++;
                falseAccepts += same ? 1 : 0;
            }
        }
        System.getLogger(SensetimeMatchingTest.class.getName()).log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT,
                "pairs.csv at same_person (confidence > 0.6): %d of %d same-person pairs accepted, %d of %d different-person pairs accepted",
                accepted, genuine, falseAccepts, impostor));
        assertThat(impostor).as("different-person pairs compared").isGreaterThan(100);
        // 0.6 means an error rate of 1e-3; 125 pairs cannot show less than 1 in 125 (8e-3).
        assertThat((double) falseAccepts / impostor).as("share of different-person pairs called the same person").isLessThanOrEqualTo(0.01);
        assertThat((double) accepted / genuine).as("share of same-person pairs called the same person").isGreaterThan(0.9);
    }

    private static String detectOrEmpty(String photo) {
        try {
            JsonNode faces = env.client().detect(env.faces().bytes(photo), Map.of()).json().path("faces");
            return faces.isEmpty() ? "" : faces.get(0).path("face_id").asText();
        } catch (UncheckedIOException | IllegalStateException e) {
            return "";
        }
    }
}
