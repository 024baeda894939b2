package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /face/detection, /info/image, /info/face and the five-day lifetime of their ids. */
class SensetimeDetectionTest {
    private final SensetimeHarness harness = new SensetimeHarness();

    @Test
    void detectionAnswersTheDocumentedFields() {
        SensetimeHarness.Answer answer = harness.upload("/face/detection", TestImages.png(TestImages.ALICE),
                Map.of("landmarks106", "1", "attributes", "1", "user_data", "hello"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("image_id").asText()).matches("[0-9a-f]{32}");
        assertThat(json.path("width").asInt()).isEqualTo(120);
        assertThat(json.path("height").asInt()).isEqualTo(100);
        assertThat(json.has("exif_orientation")).isFalse();
        assertThat(json.has("rotate")).isFalse();
        JsonNode face = json.path("faces").get(0);
        assertThat(face.path("face_id").asText()).matches("[0-9a-f]{32}");
        assertThat(face.path("rect").toString()).isEqualTo("{\"left\":30,\"top\":25,\"right\":90,\"bottom\":75}");
        assertThat(face.path("landmarks21").size()).isEqualTo(21);
        assertThat(face.path("landmarks106").size()).isEqualTo(106);
        assertThat(face.path("eye_dist").asInt()).isEqualTo(24);
        assertThat(face.path("attributes").path("age").asInt()).isEqualTo(32);
        assertThat(face.path("attributes").path("gender").asInt()).isLessThan(50);
        assertThat(face.path("attributes").path("smile").asInt()).isEqualTo(25);
    }

    @Test
    void withoutOptionsThereAreNo106PointsNorAttributes() {
        JsonNode face = harness.upload("/face/detection", TestImages.png(TestImages.ALICE), Map.of()).json().path("faces").get(0);

        assertThat(face.has("landmarks21")).isTrue();
        assertThat(face.has("landmarks106")).isFalse();
        assertThat(face.has("attributes")).isFalse();
    }

    @Test
    void anImageWithoutAFaceHasAnEmptyList() {
        SensetimeHarness.Answer answer = harness.upload("/face/detection", TestImages.png(TestImages.NOBODY), Map.of());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("faces").isArray()).isTrue();
        assertThat(answer.json().path("faces").size()).isZero();
    }

    @Test
    void urlImagesAreFetchedAndDownloadFailuresNamed() {
        harness.urls.put("http://img/a.png", TestImages.png(TestImages.BOB));
        harness.urls.put("http://img/slow.png", new byte[0]);

        assertThat(harness.post("/face/detection", Map.of("url", "http://img/a.png")).json().path("faces").size()).isEqualTo(1);
        assertThat(harness.post("/face/detection", Map.of("url", "http://img/slow.png")).statusField()).isEqualTo("DOWNLOAD_TIMEOUT");
        assertThat(harness.post("/face/detection", Map.of("url", "http://img/missing.png")).statusField()).isEqualTo("DOWNLOAD_ERROR");
    }

    @Test
    void fileOrUrlIsRequiredAndTheFileOnlyAsMultipart() {
        SensetimeHarness.Answer none = harness.post("/face/detection", Map.of());
        SensetimeHarness.Answer fileAsText = harness.post("/face/detection", Map.of("file", "abc"));

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(none.json().path("reason").asText()).isEqualTo("must specify 'file' or 'url' argument");
        assertThat(fileAsText.statusField()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void imagesOutsideTheRulesAreRefusedWithTheirStatus() {
        byte[] big = new byte[SensetimeImages.MAX_BYTES + 1];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;

        assertThat(harness.upload("/face/detection", big, Map.of()).statusField()).isEqualTo("IMAGE_FILE_SIZE_TOO_BIG");
        assertThat(harness.upload("/face/detection", TestImages.png(8, 100, TestImages.ALICE), Map.of()).statusField())
                .isEqualTo("INVALID_IMAGE_FORMAT_OR_SIZE");
        assertThat(harness.upload("/face/detection", TestImages.png(4001, 20, TestImages.ALICE), Map.of()).statusField())
                .isEqualTo("INVALID_IMAGE_FORMAT_OR_SIZE");
        assertThat(harness.upload("/face/detection", "RIFF0000WEBPVP8 ".getBytes(), Map.of()).statusField())
                .isEqualTo("INVALID_IMAGE_FORMAT_OR_SIZE");
        assertThat(harness.upload("/face/detection", "hello, not an image".getBytes(), Map.of()).statusField())
                .isEqualTo("CORRUPT_IMAGE");
        assertThat(harness.upload("/face/detection", java.util.Arrays.copyOf(TestImages.png(TestImages.ALICE), 30), Map.of()).status())
                .isEqualTo(400);
    }

    @Test
    void gifBmpAndTiffAreAccepted() {
        for (String format : List.of("gif", "bmp", "tiff", "jpeg")) {
            byte[] image = TestImages.encode(TestImages.picture(64, 48, TestImages.BOB), format);
            SensetimeHarness.Answer answer = harness.upload("/face/detection", image, Map.of());
            assertThat(answer.status()).as(format).isEqualTo(200);
            assertThat(answer.json().path("faces").size()).as(format).isEqualTo(1);
        }
    }

    @Test
    void autoRotateTurnsASidewaysImageAndSaysBy() {
        byte[] sideways = TestImages.encode(SensetimeImages.rotateClockwise(TestImages.picture(120, 80, TestImages.ALICE), 1), "png");

        SensetimeHarness.Answer plain = harness.upload("/face/detection", sideways, Map.of());
        SensetimeHarness.Answer turned = harness.upload("/face/detection", sideways, Map.of("auto_rotate", "1"));

        assertThat(plain.json().has("rotate")).isFalse();
        assertThat(turned.json().path("rotate").asText()).isEqualTo("cw270");
        assertThat(turned.json().path("width").asInt()).isEqualTo(120);
        assertThat(turned.json().path("height").asInt()).isEqualTo(80);
    }

    @Test
    void infoImageAndInfoFaceShowWhatDetectionFound() {
        JsonNode detected = harness.upload("/face/detection", TestImages.png(TestImages.ALICE), Map.of("user_data", "u1")).json();
        String imageId = detected.path("image_id").asText();
        String faceId = detected.path("faces").get(0).path("face_id").asText();

        JsonNode image = harness.get("/info/image", Map.of("image_id", imageId, "with_faces", "1")).json();
        JsonNode bare = harness.get("/info/image", Map.of("image_id", imageId)).json();
        JsonNode face = harness.get("/info/face", Map.of("face_id", faceId, "with_image", "1")).json();

        assertThat(image.path("user_data").asText()).isEqualTo("u1");
        assertThat(image.path("faces").get(0).path("face_id").asText()).isEqualTo(faceId);
        assertThat(image.path("faces").get(0).path("rect")).isEqualTo(detected.path("faces").get(0).path("rect"));
        assertThat(bare.has("faces")).isFalse();
        assertThat(face.path("rect")).isEqualTo(detected.path("faces").get(0).path("rect"));
        assertThat(face.path("image").path("image_id").asText()).isEqualTo(imageId);
        assertThat(face.path("image").path("user_data").asText()).isEqualTo("u1");
        assertThat(harness.get("/info/face", Map.of("face_id", "0".repeat(32))).statusField()).isEqualTo("INVALID_FACE");
        assertThat(harness.get("/info/image", Map.of("image_id", "x")).statusField()).isEqualTo("INVALID_IMAGE");
    }

    @Test
    void idsExpireAfterFiveDaysButFacesInAPersonOrFacesetStay() {
        JsonNode detected = harness.upload("/face/detection", TestImages.png(TestImages.ALICE), Map.of()).json();
        String imageId = detected.path("image_id").asText();
        String faceId = detected.path("faces").get(0).path("face_id").asText();
        String loose = harness.face(TestImages.BOB);
        String person = harness.person("alice", faceId);
        String faceset = harness.faceset("fs", faceId);

        harness.clock.advance(Duration.ofDays(5).minusSeconds(1));
        assertThat(harness.get("/info/face", Map.of("face_id", loose)).status()).isEqualTo(200);
        harness.clock.advance(Duration.ofSeconds(1));

        assertThat(harness.get("/info/image", Map.of("image_id", imageId)).statusField()).isEqualTo("INVALID_IMAGE");
        assertThat(harness.get("/info/face", Map.of("face_id", faceId)).statusField()).isEqualTo("INVALID_FACE");
        assertThat(harness.get("/info/face", Map.of("face_id", loose)).statusField()).isEqualTo("INVALID_FACE");
        assertThat(harness.post("/faceset/add_face", Map.of("faceset_id", faceset, "face_id", List.of(loose))).statusField())
                .isEqualTo("INVALID_FACE");
        assertThat(harness.get("/info/person", Map.of("person_id", person)).json().path("face_ids").get(0).asText()).isEqualTo(faceId);
        assertThat(harness.get("/info/faceset", Map.of("faceset_id", faceset)).json().path("face_ids").get(0).asText()).isEqualTo(faceId);

        // a fresh probe still finds the expired face's copy in the person and the faceset
        String probe = harness.face(TestImages.ALICE_AGAIN);
        assertThat(harness.post("/face/training", Map.of("person_id", person, "faceset_id", faceset)).status()).isIn(200, 202);
        SensetimeHarness.Answer search = harness.post("/face/search", Map.of("face_id", probe, "faceset_id", faceset));
        JsonNode result = search.status() == 202 ? harness.awaitTask(search.json().path("task_id").asText()).json().path("result") : search.json();
        assertThat(result.path("candidates").get(0).path("face_id").asText()).isEqualTo(faceId);

        // removal is the one thing an expired id is still good for
        JsonNode removed = harness.post("/person/remove_face", Map.of("person_id", person, "face_id", faceId)).json();
        assertThat(removed.path("removed_count").asInt()).isEqualTo(1);
        assertThat(removed.path("face_count").asInt()).isZero();
    }

    @Test
    void everyFaceOfAPictureIsEnrolledAsItself() {
        JsonNode detected = harness.upload("/face/detection", TestImages.pair(TestImages.ALICE, TestImages.BOB), Map.of()).json();
        String alice = harness.face(TestImages.ALICE_AGAIN);
        String bob = harness.face(TestImages.BOB);

        assertThat(detected.path("faces").size()).isEqualTo(2);
        String left = detected.path("faces").get(0).path("face_id").asText();
        String right = detected.path("faces").get(1).path("face_id").asText();
        assertThat(left).isNotEqualTo(right);
        assertThat(harness.post("/face/verification", Map.of("face_id", left, "face2_id", alice)).json().path("same_person").asBoolean())
                .as("the left face is the left person").isTrue();
        assertThat(harness.post("/face/verification", Map.of("face_id", right, "face2_id", bob)).json().path("same_person").asBoolean())
                .as("the right face is the right person").isTrue();
        assertThat(harness.get("/info/face", Map.of("face_id", right)).json().path("rect"))
                .isEqualTo(detected.path("faces").get(1).path("rect"));
    }

    @Test
    void detectionAnswersAtMostMaxFaces() {
        Map<String, String> settings = new java.util.HashMap<>(SensetimeHarness.accountSettings(Map.of()));
        settings.put("detection.max-faces", "1");
        SensetimeHarness capped = new SensetimeHarness(settings);

        JsonNode detected = capped.upload("/face/detection", TestImages.pair(TestImages.ALICE, TestImages.BOB), Map.of()).json();

        assertThat(detected.path("faces").size()).isEqualTo(1);
    }
}
