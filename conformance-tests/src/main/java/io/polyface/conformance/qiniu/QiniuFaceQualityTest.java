package io.polyface.conformance.qiniu;

import static io.polyface.conformance.Photos.ANGELINA_1;
import static io.polyface.conformance.Photos.ANGELINA_PROBE;
import static io.polyface.conformance.Photos.COUPLE;
import static io.polyface.conformance.Photos.IVAN;
import static io.polyface.conformance.qiniu.QiniuSources.FACE_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.ImageFiles;
import io.polyface.conformance.Proves;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which faces a face group takes (section 2.5): a blurred face is refused only when asked and left
 * out of quality searches; where the document is silent, as Qiniu's own server answers: faces of
 * 50 px or less are not found, and of several faces the largest is added.
 */
class QiniuFaceQualityTest extends BaseQiniuTest {
    /** A photo blurred with a 13 px Gaussian (sigma 4): the face is still found, but it is not clear. */
    private static String blurred(String photo) {
        BufferedImage blurred = ImageFiles.blurred(ImageFiles.decode(env.faces().bytes(photo)), 4, 6);
        return env.data(ImageFiles.encode(blurred, "jpeg"));
    }

    /** The area of a face's box, given as its four corners from the top left, clockwise. */
    private static long area(JsonNode pts) {
        return (pts.at("/2/0").asLong() - pts.at("/0/0").asLong()) * (pts.at("/2/1").asLong() - pts.at("/0/1").asLong());
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "400", section = "2.5 (reject_bad_face=true)")
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", section = "2.5 (reject_bad_face=false)")
    @Proves(dialect = "qiniu", operation = "face.search", code = "200", section = "2.6 (use_quality)")
    void aBlurredFaceIsRejectedOnlyWhenAskedAndLeftOutOfQualitySearches() {
        String group = env.newFaceGroup();
        String blurry = blurred(ANGELINA_PROBE);
        QiniuResponse rejected = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "bad", "uri", blurry), "params", Map.of("reject_bad_face", true)));
        rejected.assertError(400, "detected blur face");
        QiniuResponse kept = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "kept", "uri", blurry), "params", Map.of("reject_bad_face", false)));
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().at("/face_quality/quality").asText()).isEqualTo("blur");
        QiniuResponse clear = env.client().post("/v1/face/groups/" + group + "/add",
                Map.of("image", Map.of("id", "clear", "uri", env.data(ANGELINA_1)), "params", Map.of("reject_bad_face", true)));
        assertThat(clear.status()).as(clear.exchange().describe()).isEqualTo(200);
        assertThat(clear.json().at("/face_quality/quality").asText()).isEqualTo("clear");
        assertThat(clear.json().at("/face_quality/orientation").asText()).isEqualTo("up");

        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(blurry), "use_quality", true))
                .json().at("/search_results/0/faces")).as("the blurred probe is not searched").isEmpty();
        assertThat(env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(blurry), "use_quality", false))
                .json().at("/search_results/0/faces/0/faces")).isNotEmpty();
    }

    @Test
    @Proves(dialect = "qiniu", operation = "face.add", code = "400", basis = Basis.OBSERVED, section = FACE_GROUP)
    @Proves(dialect = "qiniu", operation = "face.add", code = "200", basis = Basis.OBSERVED, section = FACE_GROUP)
    void facesOf50PixelsOrLessAreNotAddedAndTheLargestFaceIs() {
        String group = env.newFaceGroup();
        QiniuResponse small = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("uri", env.data(IVAN))));
        assertThat(small.status()).as("a 49 px face: " + small.exchange().describe()).isEqualTo(400);
        assertThat(small.error()).isEqualTo("face number 0: No face found in image");
        QiniuResponse couple = env.client().post("/v1/face/groups/" + group + "/add", Map.of("image", Map.of("id", "couple", "uri", env.data(COUPLE))));
        assertThat(couple.status()).as(couple.exchange().describe()).isEqualTo(200);
        assertThat(couple.json().path("face_number").asInt()).as("faces over 50 px").isEqualTo(2);
        QiniuResponse found = env.client().post("/v1/face/groups/" + group + "/search", Map.of("images", List.of(env.data(COUPLE))));
        long largest = 0;
        for (JsonNode face : found.json().at("/search_results/0/faces")) {
            largest = Math.max(largest, area(face.at("/bounding_box/pts")));
        }
        assertThat(area(couple.json().at("/bounding_box/pts"))).as("the largest face is added").isEqualTo(largest);
    }
}
