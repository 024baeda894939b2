package io.polyface.conformance.dmai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Section 4.1: search. One gallery is enrolled for the whole class (no test changes it), so each
 * gallery photo is analysed once.
 */
class DmaiSearchTest extends BaseDmaiTest {
    private static final List<String> GALLERY_TARGETS = List.of("angelina", "angelina", "scarlett", "scarlett",
            "jennifer", "jennifer", "id01", "id01", "stallone", "ivan");
    private static final List<String> GALLERY_PHOTOS = List.of(Photos.ANGELINA_1, Photos.ANGELINA_2, Photos.SCARLETT_1,
            Photos.SCARLETT_2, Photos.JENNIFER_1, Photos.JENNIFER_2, Photos.ID01_1, Photos.ID01_2, Photos.STALLONE, Photos.IVAN);
    private static String gallery;

    @BeforeAll
    static void enrolGallery() {
        gallery = env.newCollection();
        DmaiResponse inserted = env.client().insert(gallery, GALLERY_PHOTOS.stream().map(p -> env.faces().base64(p)).toList(), GALLERY_TARGETS);
        assertThat(inserted.json().path("success_num").asInt()).as("success_num of the gallery").isEqualTo(GALLERY_PHOTOS.size());
    }

    @ParameterizedTest(name = "a new photo of {0} finds {0} first")
    @CsvSource({
        "angelina, angelina/deepface_img10.jpg",
        "scarlett, scarlett/deepface_img51.jpg",
        "jennifer, jennifer/deepface_img56.jpg",
        "id01, deepface_id01/deepface_img27.jpg"})
    @Proves(dialect = "dmai", operation = "face.search", code = "0", section = "4.1")
    void theEnrolledPersonIsFirst(String person, String probe) {
        DmaiResponse response = search(probe, 3);

        assertThat(response.errCode()).as("err_code").isZero();
        assertThat(response.json().path("status").size()).as("results for top_k 3").isEqualTo(3);
        assertThat(response.json().at("/status/0/result").asText()).as("result at rank 1").isEqualTo(person);
        assertThat(response.json().at("/status/0/score").asDouble()).as("score at rank 1 (recommended threshold 0.5)")
                .isGreaterThanOrEqualTo(0.5);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.search", code = "0", section = "4.1 (sorted by score, best first; at most 100)")
    void resultsAreSortedDistinctPerTargetAndScoredFrom0To1() {
        DmaiResponse response = search(Photos.ANGELINA_PROBE, 100);

        List<String> targets = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (JsonNode hit : response.json().path("status")) {
            targets.add(hit.path("result").asText());
            scores.add(hit.path("score").asDouble());
        }
        assertThat(targets).as("one result per target_id").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(GALLERY_TARGETS.stream().distinct().toList());
        assertThat(scores).as("scores").allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        assertThat(scores).as("scores, best first").isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.search", code = "0", section = "4.1 (top_k limits the results)")
    void topKLimitsTheResults() {
        assertThat(search(Photos.SCARLETT_PROBE, 1).json().path("status").size()).as("results for top_k 1").isEqualTo(1);
        assertThat(search(Photos.SCARLETT_PROBE, 2).json().path("status").size()).as("results for top_k 2").isEqualTo(2);
    }

    static List<org.junit.jupiter.params.provider.Arguments> badTopK() {
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of("0", 0),
                org.junit.jupiter.params.provider.Arguments.of("101", 101),
                org.junit.jupiter.params.provider.Arguments.of("-1", -1),
                org.junit.jupiter.params.provider.Arguments.of("missing", null),
                org.junit.jupiter.params.provider.Arguments.of("the string \"5\"", "5"),
                org.junit.jupiter.params.provider.Arguments.of("2.5", 2.5));
    }

    @ParameterizedTest(name = "top_k {0} -> 500")
    @org.junit.jupiter.params.provider.MethodSource("badTopK")
    @Proves(dialect = "dmai", operation = "face.search", code = "500", section = "4.1 (top_k 1..100), 5")
    void topKOutside1To100OrNotAnIntegerIs500(String what, Object topK) {
        Map<String, Object> body = new HashMap<>(Map.of("collection_name", gallery, "face_image", env.faces().base64(Photos.IVAN)));
        if (topK != null) {
            body.put("top_k", topK);
        }

        DmaiResponse response = env.client().post("/face/search", body);

        assertThat(response.errCode()).as("err_code for top_k " + what).isEqualTo(500);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.search", code = "1005", section = "4.1, 5")
    void searchingAnUnknownCollectionIs1005() {
        DmaiResponse response = env.client().post("/face/search", Map.of("collection_name", env.name("never_created"),
                "face_image", env.faces().base64(Photos.IVAN), "top_k", 1));

        assertThat(response.errCode()).as("err_code").isEqualTo(1005);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.search", code = "1003", section = "4.1, 5")
    void searchingWithAnInvalidCollectionNameIs1003() {
        DmaiResponse response = env.client().post("/face/search", Map.of("collection_name", "not valid!",
                "face_image", env.faces().base64(Photos.IVAN), "top_k", 1));

        assertThat(response.errCode()).as("err_code").isEqualTo(1003);
    }

    @Test
    @Proves(dialect = "dmai", operation = "face.search", code = "500", section = "4.1 (face_image is a base64 image), 5")
    void searchingWithSomethingThatIsNotAnImageIs500() {
        assertThat(env.client().post("/face/search", Map.of("collection_name", gallery, "face_image", "%%%", "top_k", 1)).errCode())
                .as("err_code for face_image '%%%'").isEqualTo(500);
        assertThat(env.client().post("/face/search", Map.of("collection_name", gallery, "face_image", List.of("a"), "top_k", 1)).errCode())
                .as("err_code for a list as face_image").isEqualTo(500);
    }

    private static DmaiResponse search(String photo, int topK) {
        return env.client().post("/face/search", Map.of("collection_name", gallery, "face_image", env.faces().base64(photo), "top_k", topK));
    }
}
