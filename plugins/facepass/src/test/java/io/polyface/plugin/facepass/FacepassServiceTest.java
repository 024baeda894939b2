package io.polyface.plugin.facepass;

import static io.polyface.plugin.facepass.FacepassFixture.face;
import static io.polyface.plugin.facepass.FacepassFixture.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.polyface.plugin.facepass.FacepassFixture.Answer;
import io.polyface.plugin.facepass.FacepassFixture.Multipart;
import io.polyface.spi.engine.BoundingBox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /service/compare, /service/recognize, /service/config and /version. */
class FacepassServiceTest {
    private final FacepassFixture fixture = new FacepassFixture();

    private byte[] photo(int seed, float[] vector, double liveness) {
        byte[] photo = image("jpg", 300, 300, seed);
        fixture.engine.faces(photo, face(new BoundingBox(50, 60, 150, 160), vector, 4, 0.05, liveness));
        return photo;
    }

    private Answer compare(byte[] first, byte[] second, String liveness) {
        return fixture.multipart("/api/service/compare/v1", new Multipart()
                .file("image_1", "a.jpg", first).file("image_2", "b.jpg", second).field("enable_liveness", liveness));
    }

    @Test
    void compareAnswersInTheExamplesOrderWithCalibratedScores() {
        Answer answer = compare(photo(1, new float[] {1, 0, 0}, 0.9), photo(2, new float[] {1, 0.2f, 0}, 0.9), "false");

        assertThat(answer.code()).isZero();
        List<String> keys = new ArrayList<>();
        answer.data().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("compare_threshold", "score", "detection_result_1", "detection_result_2",
                "liveness_threshold", "liveness_score_1", "liveness_score_2");
        double raw = 1 / Math.sqrt(1.04);
        assertThat(answer.data().path("score").asDouble()).isCloseTo(FacepassScore.SIMILARITY.toScore(raw), within(1e-5));
        assertThat(answer.data().path("compare_threshold").asDouble()).isEqualTo(70);
        assertThat(answer.data().path("detection_result_1").path("rect").toString())
                .isEqualTo("{\"bottom\":220,\"left\":50,\"right\":200,\"top\":60}");
        assertThat(answer.data().path("detection_result_1").path("pose").path("roll").asDouble()).isEqualTo(4);
        assertThat(answer.data().path("detection_result_1").path("blur").asDouble()).isEqualTo(0.05);
        assertThat(answer.data().path("liveness_score_1").asDouble()).isZero();
    }

    @Test
    void livenessBelowTheThresholdIsCompareLivenessFailed() {
        Answer live = compare(photo(3, new float[] {1, 0, 0}, 0.9), photo(4, new float[] {1, 0, 0}, 0.95), "true");
        assertThat(live.code()).isZero();
        assertThat(live.data().path("liveness_score_1").asDouble()).isGreaterThan(50);

        Answer spoof = compare(photo(5, new float[] {1, 0, 0}, 0.9), photo(6, new float[] {1, 0, 0}, 0.1), "true");
        assertThat(spoof.status()).isEqualTo(400);
        assertThat(spoof.code()).isEqualTo(104901);
        assertThat(spoof.message()).isEqualTo("COMPARE_LIVENESS_FAILED");
        assertThat(spoof.data().path("score").asDouble()).isZero();
        assertThat(spoof.data().path("liveness_score_2").asDouble()).isLessThan(50);
    }

    @Test
    void compareErrors() {
        byte[] good = photo(7, new float[] {1, 0, 0}, 0.9);
        Answer noFace = compare(good, image("png", 200, 200, 8), "false");
        assertThat(noFace.code()).isEqualTo(104200);
        assertThat(noFace.data().path("detection_result_2").path("rect").isNull()).isTrue();
        assertThat(noFace.data().path("detection_result_1").path("rect").isObject()).isTrue();
        assertThat(compare(good, image("gif", 200, 200, 8), "false").code()).isEqualTo(104100);
        assertThat(compare(good, new byte[0], "false").code()).isEqualTo(104103);
        byte[] truncated = java.util.Arrays.copyOf(image("png", 200, 200, 9), 20);
        assertThat(compare(good, truncated, "false").code()).isEqualTo(104103);
        assertThat(compare(good, image("png", 40, 40, 9), "false").code()).isEqualTo(104101);
        assertThat(compare(good, good, "maybe").message()).isEqualTo("ILLEGAL_ARGUMENT: enable_liveness");
        assertThat(fixture.multipart("/api/service/compare/v1", new Multipart().file("image_1", "a.jpg", good)).message())
                .isEqualTo("MISSING_ARGUMENT: image_2,enable_liveness");
        assertThat(compare(good, image("bmp", 200, 200, 10), "false").code()).as("bmp is allowed here").isEqualTo(104200);
    }

    @Test
    void recognizeMergesResultsPerTrack() {
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");
        byte[] enrolled = image("png", 300, 300, 20);
        fixture.engine.faces(enrolled, face(new BoundingBox(50, 50, 150, 150), new float[] {1, 0, 0}, 0, 0.05, 0.9));
        String token = fixture.multipart("/api/face/v1/add", new Multipart().file("image", "e.png", enrolled))
                .data().path("face_token").asText();
        fixture.json("/api/group/v1/bind", "{\"group_name\":\"door_1\",\"face_token\":\"" + token + "\"}");

        byte[] sameFar = photo(21, new float[] {1, 0.6f, 0}, 0.9);
        byte[] sameNear = photo(22, new float[] {1, 0.05f, 0}, 0.9);
        byte[] stranger = photo(23, new float[] {0, 0, 1}, 0.9);
        Answer answer = fixture.multipart("/api/service/recognize/v1/", new Multipart()
                .field("group_name", "door_1")
                .field("face_data", "{\"faces\":[{\"track_id\":7},{\"track_id\":8,\"rect\":{\"left\":50,\"top\":60,\"right\":200,\"bottom\":220}},"
                        + "{\"track_id\":9}]}")
                .file("image_7", "a.jpg", sameFar).file("image_7", "b.jpg", sameNear)
                .file("image_8", "c.jpg", stranger)
                .file("image_9", "d.png", image("png", 200, 200, 24)));

        assertThat(answer.code()).as(answer.text()).isZero();
        assertThat(answer.data().path("recognize_threshold").asDouble()).isEqualTo(78);
        var results = answer.data().path("results");
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).path("track_id").asLong()).isEqualTo(7);
        assertThat(results.get(0).path("face_token").asText()).isEqualTo(token);
        assertThat(results.get(0).path("recognized").asBoolean()).isTrue();
        assertThat(results.get(0).path("score").asDouble()).as("the better of the track's two frames")
                .isCloseTo(FacepassScore.SIMILARITY.toScore(1 / Math.sqrt(1.0025)), within(1e-4));
        assertThat(results.get(1).path("recognized").asBoolean()).isFalse();
        assertThat(results.get(2).path("face_found").asBoolean()).isFalse();
        assertThat(results.get(2).path("face_token").asText()).isEmpty();
    }

    @Test
    void recognizeErrors() {
        Multipart unknownGroup = new Multipart().field("group_name", "nogroup").field("face_data", "{\"faces\":[{\"track_id\":1}]}")
                .file("image_1", "a.jpg", photo(30, new float[] {1, 0, 0}, 0.9));
        assertThat(fixture.multipart("/api/service/recognize/v1/", unknownGroup).code()).isEqualTo(104301);
        assertThat(fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1")
                .field("face_data", "{\"faces\":[{\"track_id\":1}]}")).message()).isEqualTo("MISSING_ARGUMENT: image_1");
        assertThat(fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1")
                .field("face_data", "not json")).message()).isEqualTo("ILLEGAL_ARGUMENT: face_data");
        assertThat(fixture.multipart("/api/service/recognize/v1/", new Multipart()).message())
                .isEqualTo("MISSING_ARGUMENT: group_name,face_data");
    }

    /** The device SDK's face_data is an opaque text (like the document's recognize answer) that only Megvii's key reads. */
    @Test
    void theSdksEncryptedFaceDataIsRefusedWithAMessageThatSaysWhatToSend() {
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");
        for (String sdk : new String[] {"7zvOjop716X7LGnVrIRFfD___bFWfmxzux4psUZJiGTniz5zV04pTE7YYorro5TSY9nqaU5XhcPcv1Pjnjtb",
                "q83vEjRWeJCrze8SNFZ4kA+/q83vEjRWeJCrze8SNFZ4kA==\n"}) {
            Answer answer = fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1")
                    .field("face_data", sdk).file("image_1", "a.jpg", photo(31, new float[] {1, 0, 0}, 0.9)));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.code()).isEqualTo(104001);
            assertThat(answer.message()).isEqualTo("ILLEGAL_ARGUMENT: face_data (encrypted face_data is not supported;"
                    + " send the image instead: face_data {\"faces\":[{\"track_id\":1}]} and image_1)");
        }
        assertThat(fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1")
                .field("face_data", "{\"faces\":[{\"track\":1}]}")).message()).as("broken JSON face_data")
                .isEqualTo("ILLEGAL_ARGUMENT: face_data");
    }

    private Answer config(String form) {
        return fixture.send("POST", "/api/service/config/v1", Map.of(),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), form.getBytes(StandardCharsets.UTF_8),
                Optional.empty());
    }

    @Test
    void configSetsResetsAndRejectsAsAWhole() {
        Answer defaults = config("");
        List<String> keys = new ArrayList<>();
        defaults.data().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("compare_threshold", "liveness_threshold", "recognize_threshold");
        assertThat(defaults.data().toString())
                .isEqualTo("{\"compare_threshold\":70.0,\"liveness_threshold\":50.0,\"recognize_threshold\":78.0}");

        assertThat(config("recognize_threshold=80.5&compare_threshold=&liveness_threshold=60").data().toString())
                .isEqualTo("{\"compare_threshold\":70.0,\"liveness_threshold\":60.0,\"recognize_threshold\":80.5}");
        Answer rejected = config("recognize_threshold=50&compare_threshold=100&liveness_threshold=abc");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.message()).isEqualTo("ILLEGAL_ARGUMENT: compare_threshold,liveness_threshold");
        assertThat(config("").data().path("recognize_threshold").asDouble()).as("nothing changed").isEqualTo(80.5);
        assertThat(config("recognize_threshold=-1&liveness_threshold=0").code()).isEqualTo(104001);
        assertThat(config("recognize_threshold=-1").data().path("recognize_threshold").asDouble()).isEqualTo(78);
        assertThat(fixture.multipart("/api/service/config/v1", new Multipart().field("compare_threshold", "65"))
                .data().path("compare_threshold").asDouble()).isEqualTo(65);
    }

    @Test
    void versionAndUnknownPaths() {
        Answer version = fixture.get("/api/version/v1", Map.of());
        assertThat(version.data().path("version").asText()).isEqualTo("v1.0.0");
        assertThat(version.data().path("detail").isObject()).isTrue();
        Answer unknown = fixture.get("/api/nothing/v1", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(unknown.data().isObject()).isTrue();
    }
}
