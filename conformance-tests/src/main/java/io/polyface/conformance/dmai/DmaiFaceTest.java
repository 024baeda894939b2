package io.polyface.conformance.dmai;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_2;
import static io.polyface.conformance.Photos.ANGELINA_4;
import static io.polyface.conformance.Photos.ANGELINA_PROBE;
import static io.polyface.conformance.Photos.ID01_1;
import static io.polyface.conformance.Photos.ID01_2;
import static io.polyface.conformance.Photos.ID01_PROBE;
import static io.polyface.conformance.Photos.JENNIFER_1;
import static io.polyface.conformance.Photos.NO_FACE;
import static io.polyface.conformance.Photos.SCARLETT_1;
import static io.polyface.conformance.Photos.SCARLETT_PROBE;
import static io.polyface.conformance.Photos.STALLONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Proves;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section 3: insert, update and delete features, and their error codes. */
class DmaiFaceTest extends BaseDmaiTest {
    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "0", section = "3.1")
    void insertAddsEveryGoodImage() {
        String name = env.newCollection();

        DmaiResponse response = env.client().insert(name, List.of(image(ANGELINA_1), image(ANGELINA_2), image(SCARLETT_1)), List.of("a", "a", "s"));

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.status()).as("status").isEqualTo("Add vectors successfully!");
        assertThat(response.json().path("success_num").asInt()).as("success_num").isEqualTo(3);
        assertThat(response.json().at("/invalid/invalid_num").asInt()).as("invalid.invalid_num").isZero();
        assertThat(response.strings("/quota_exceeded_target_id")).as("quota_exceeded_target_id").isEmpty();
        assertThat(featureNum(name)).as("feature_num").isEqualTo(3);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "0", section = "3.1 (invalid: invalid_num, invalid_id, invalid_index)")
    void insertReportsInvalidItemsByIndexAndIdAndKeepsTheGoodOnes() {
        String name = env.newCollection();
        List<Object> images = List.of(
                image(STALLONE),
                "!!! not base64 !!!",
                Base64.getEncoder().encodeToString("just some text, not an image".getBytes(StandardCharsets.UTF_8)),
                image(NO_FACE),
                42,
                image(SCARLETT_1));
        List<String> targets = List.of("good1", "badbase64", "notimage", "noface", "notstring", "good2");

        DmaiResponse response = env.client().insert(name, images, targets);

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.json().path("success_num").asInt()).as("success_num").isEqualTo(2);
        assertThat(response.json().at("/invalid/invalid_num").asInt()).as("invalid.invalid_num").isEqualTo(4);
        assertThat(response.integers("/invalid/message/invalid_index")).as("invalid.message.invalid_index").containsExactly(1, 2, 3, 4);
        assertThat(response.strings("/invalid/message/invalid_id")).as("invalid.message.invalid_id")
                .containsExactly("badbase64", "notimage", "noface", "notstring");
        assertThat(featureNum(name)).as("feature_num: the good images went in").isEqualTo(2);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "1007", section = "3.1 (at most 5 per target_id), 5")
    void aSixthFeatureForOneTargetIs1007AndTheOthersGoIn() {
        String name = env.newCollection();
        List<Object> images = List.of(image(ID01_1), image(ID01_2), image(ID01_PROBE), image(ANGELINA_1), image(ANGELINA_2),
                image(ANGELINA_4), image(STALLONE));
        List<String> targets = List.of("full", "full", "full", "full", "full", "full", "other");

        DmaiResponse response = env.client().insert(name, images, targets);

        assertThat(response.errCode()).as("err_code").isEqualTo(1007);
        assertThat(response.strings("/quota_exceeded_target_id")).as("quota_exceeded_target_id").containsExactly("full");
        assertThat(response.json().path("success_num").asInt()).as("success_num: five of 'full' and 'other'").isEqualTo(6);
        assertThat(featureNum(name)).as("feature_num").isEqualTo(6);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "1007", section = "3.1, 5 (quota across requests)")
    void theQuotaCountsFeaturesFromEarlierRequests() {
        String name = env.newCollection();
        env.client().insert(name, List.of(image(ID01_1), image(ID01_2), image(ID01_PROBE), image(ANGELINA_1), image(ANGELINA_2)),
                List.of("t", "t", "t", "t", "t"));

        DmaiResponse sixth = env.client().insert(name, List.of(image(ANGELINA_4)), List.of("t"));

        assertRefusedNaming(sixth, 1007, "quota_exceeded_target_id", "t");
        assertThat(featureNum(name)).as("feature_num").isEqualTo(5);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "1006", section = "3.1, 5")
    @Proves(dialect = "dmai", operation = "face.update", code = "1006", section = "3.2, 5")
    @Proves(dialect = "dmai", operation = "target.delete", code = "1006", section = "3.3, 5")
    void changingFeaturesOfAnUnknownCollectionIs1006() {
        String unknown = env.name("never_created");

        assertChangingFeaturesIs(1006, unknown, unknown);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.insert", code = "1003", section = "3.1, 5")
    @Proves(dialect = "dmai", operation = "face.update", code = "1003", section = "3.2, 5")
    @Proves(dialect = "dmai", operation = "target.delete", code = "1003", section = "3.3, 5")
    void changingFeaturesWithAnInvalidCollectionNameIs1003() {
        assertChangingFeaturesIs(1003, "bad name", 12);
    }

    /**
     * Inserting and updating a feature in {@code collection}, and deleting a target of
     * {@code deleteCollection} (the same, or a value of another type), each answer {@code errCode}.
     */
    private static void assertChangingFeaturesIs(int errCode, String collection, Object deleteCollection) {
        Map<String, Object> batch = Map.of("collection_name", collection, "face_image", List.of(image(STALLONE)), "target_id", List.of("x"));

        assertThat(env.client().post("/face/insert", batch).errCode()).as("err_code of insert").isEqualTo(errCode);
        assertThat(env.client().post("/face/update", batch).errCode()).as("err_code of update").isEqualTo(errCode);
        assertThat(env.client().post("/delete/id", Map.of("collection_name", deleteCollection, "target_id", "x")).errCode())
                .as("err_code of delete/id").isEqualTo(errCode);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.update", code = "0", section = "3.2 (old features are replaced; target_invalid)")
    void updateReplacesExistingTargetsAndListsUnknownOnes() {
        String name = env.newCollection();
        env.client().insert(name, List.of(image(ANGELINA_1), image(ANGELINA_2), image(SCARLETT_1)), List.of("a", "a", "s"));

        DmaiResponse response = env.client().update(name, List.of(image(ANGELINA_PROBE), image(JENNIFER_1)), List.of("a", "nobody"));

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.status()).as("status").isEqualTo("Update vectors successfully!");
        assertThat(response.strings("/target_invalid")).as("target_invalid").containsExactly("nobody");
        assertThat(response.json().path("success_num").asInt()).as("success_num").isEqualTo(1);
        assertThat(featureNum(name)).as("feature_num: 'a' went from 2 features to 1").isEqualTo(2);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.update", code = "1008", section = "3.2, 5")
    void updateThatChangesNothingIs1008() {
        String name = env.newCollection();
        env.client().insert(name, List.of(image(SCARLETT_1)), List.of("s"));

        DmaiResponse response = env.client().update(name, List.of(image(STALLONE)), List.of("unknown_target"));

        assertRefusedNaming(response, 1008, "target_invalid", "unknown_target");
        assertThat(featureNum(name)).as("feature_num").isEqualTo(1);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.update", code = "1007", section = "3.2 (at most 5 per target_id), 5")
    void updateWithMoreThanFiveImagesForOneTargetIs1007() {
        String name = env.newCollection();
        env.client().insert(name, List.of(image(SCARLETT_1)), List.of("t"));

        DmaiResponse response = env.client().update(name,
                List.of(image(ID01_1), image(ID01_2), image(ID01_PROBE), image(ANGELINA_1), image(ANGELINA_2), image(ANGELINA_4)),
                List.of("t", "t", "t", "t", "t", "t"));

        assertThat(response.errCode()).as("err_code").isEqualTo(1007);
        assertThat(response.strings("/quota_exceeded_target_id")).as("quota_exceeded_target_id").containsExactly("t");
        assertThat(featureNum(name)).as("feature_num: at most 5 features for 't'").isBetween(1, 5);
    }

    @Test
    @Proves(dialect = "dmai", operation = "target.delete", code = "0", section = "3.3")
    void deleteIdRemovesTheTargetFromSearch() {
        String name = env.newCollection();
        env.client().insert(name, List.of(image(ANGELINA_1), image(ANGELINA_2), image(SCARLETT_1)), List.of("a", "a", "s"));

        DmaiResponse deleted = env.client().post("/delete/id", Map.of("collection_name", name, "target_id", "a"));

        assertThat(deleted.errCode()).as("err_code").isZero();
        assertThat(deleted.status()).as("status").isEqualTo("Delete target_id successfully!");
        assertThat(featureNum(name)).as("feature_num after deleting 'a'").isEqualTo(1);
        DmaiResponse search = env.client().post("/face/search", Map.of("collection_name", name,
                "face_image", image(ANGELINA_PROBE), "top_k", 10));
        List<String> results = new ArrayList<>();
        search.json().path("status").forEach(hit -> results.add(hit.path("result").asText()));
        assertThat(results).as("search results after deleting 'a'").doesNotContain("a").contains("s");
        assertThat(env.client().post("/face/search", Map.of("collection_name", name, "face_image", image(SCARLETT_PROBE), "top_k", 1))
                .strings("/status").size()).as("the other target is still searchable").isEqualTo(1);
    }

    /** A batch refused as a whole: this err_code, only this target named under {@code field}, and success_num 0. */
    private static void assertRefusedNaming(DmaiResponse response, int errCode, String field, String target) {
        assertThat(response.errCode()).as("err_code").isEqualTo(errCode);
        assertThat(response.strings("/" + field)).as(field).containsExactly(target);
        assertThat(response.json().path("success_num").asInt()).as("success_num").isZero();
    }

    private static String image(String photo) {
        return env.faces().base64(photo);
    }

    private static int featureNum(String collection) {
        JsonNode status = env.client().post("/collection/status", Map.of("collection_name", List.of(collection))).json().path("status");
        return status.path(0).path("feature_num").asInt(-1);
    }
}
