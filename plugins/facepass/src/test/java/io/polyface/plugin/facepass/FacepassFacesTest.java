package io.polyface.plugin.facepass;

import static io.polyface.plugin.facepass.FacepassFixture.face;
import static io.polyface.plugin.facepass.FacepassFixture.image;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.plugin.facepass.FacepassFixture.Answer;
import io.polyface.plugin.facepass.FacepassFixture.Multipart;
import io.polyface.spi.engine.BoundingBox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** /face/add (cases A, B, C and the image checks), /face/delete, /face/query and /image/query. */
class FacepassFacesTest {
    private final FacepassFixture fixture = new FacepassFixture();

    private Answer add(byte[] image) {
        return fixture.multipart("/api/face/v1/add", new Multipart().file("image", "face.png", image));
    }

    /** Adds a 400 x 300 photo of one well-posed face, the image told apart by its seed. */
    private Answer addOneFace(String format, int seed) {
        byte[] photo = image(format, 400, 300, seed);
        fixture.engine.faces(photo, face(new BoundingBox(100, 50, 120, 140), new float[] {1, 0, 0}, 0, 0.05, 0.9));
        return add(photo);
    }

    @Test
    void caseAReturnsTokenImageIdAndRectInTheEnvelopeOrder() {
        byte[] photo = image("png", 400, 300, 1);
        fixture.engine.faces(photo, face(new BoundingBox(100.4, 50.6, 120, 140), new float[] {1, 0, 0}, 0, 0.05, 0.9));

        Answer answer = add(photo);

        assertThat(answer.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        answer.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("code", "message", "timecost", "timestamp", "data");
        assertThat(answer.code()).isZero();
        assertThat(answer.message()).isEmpty();
        JsonNode data = answer.data();
        List<String> dataKeys = new ArrayList<>();
        data.fieldNames().forEachRemaining(dataKeys::add);
        assertThat(dataKeys).containsExactly("face_token", "image_id", "rect");
        assertThat(data.path("face_token").asText()).hasSize(24).matches("[A-Za-z0-9_-]{22}==");
        assertThat(data.path("image_id").asText()).hasSize(24).matches("[A-Za-z0-9_-]{22}==");
        assertThat(data.path("rect").toString()).isEqualTo("{\"bottom\":191,\"left\":100,\"right\":220,\"top\":51}");
        assertThat(answer.text()).startsWith("{\n  \"code\": 0,\n  \"message\": \"\",\n  \"timecost\": ");
    }

    @Test
    void caseBFailsWithTheReasonAndTheRectOfTheLargestFaceWithoutTryingTheNext() {
        byte[] photo = image("png", 400, 300, 2);
        fixture.engine.faces(photo,
                face(new BoundingBox(10, 10, 200, 200), new float[] {1, 0, 0}, 35, 0.05, 0.9),
                face(new BoundingBox(250, 10, 120, 120), new float[] {0, 1, 0}, 0, 0.05, 0.9));

        Answer answer = add(photo);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo(104201);
        assertThat(answer.message()).isEqualTo("BAD_QUALITY: Roll");
        assertThat(answer.data().path("image_id").asText()).hasSize(24);
        assertThat(answer.data().path("rect").toString()).isEqualTo("{\"bottom\":210,\"left\":10,\"right\":210,\"top\":10}");
        assertThat(answer.data().has("face_token")).isFalse();
    }

    @Test
    void aSmallFaceIsCaseBWithFaceMin() {
        byte[] photo = image("png", 400, 300, 3);
        fixture.engine.faces(photo, face(new BoundingBox(10, 10, 60, 60), new float[] {1, 0, 0}, 0, 0.05, 0.9));

        assertThat(add(photo).message()).isEqualTo("BAD_QUALITY: FaceMin");
    }

    @Test
    void caseCHasOnlyTheImageIdAndTheImageIsStoredAnyway() {
        byte[] photo = image("png", 400, 300, 4);

        Answer answer = add(photo);

        assertThat(answer.code()).isEqualTo(104200);
        assertThat(answer.message()).isEqualTo("FACE_NOT_FOUND");
        List<String> keys = new ArrayList<>();
        answer.data().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("image_id");
        Answer original = fixture.get("/api/image/v1/query", Map.of("image_id", List.of(answer.data().path("image_id").asText())));
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.response().contentType()).isEqualTo("image/png");
        assertThat(original.response().body()).isEqualTo(photo);
    }

    @Test
    void imageChecksComeBeforeAnyAnalysis() {
        assertThat(fixture.multipart("/api/face/v1/add", new Multipart().field("other", "x")).message())
                .isEqualTo("MISSING_ARGUMENT: image");
        assertThat(add(image("bmp", 200, 200, 1)).code()).isEqualTo(104100);
        assertThat(add(image("gif", 200, 200, 1)).code()).isEqualTo(104100);
        assertThat(add("hello".getBytes()).code()).isEqualTo(104100);
        assertThat(add(image("png", 50, 50, 1)).code()).isEqualTo(104101);
        assertThat(add(image("png", 5000, 4000, 1)).code()).isEqualTo(104101);
        assertThat(add(new byte[4 * 1024 * 1024 + 1]).code()).isEqualTo(104102);
        // the area counts, not the sides: 20 x 600 = 12,000 px >= 100 x 100
        assertThat(add(image("png", 20, 600, 1)).code()).isEqualTo(104200);
    }

    @Test
    void queryAndDeleteByToken() {
        JsonNode added = addOneFace("jpg", 5).data();
        String token = added.path("face_token").asText();

        Answer query = fixture.json("/api/face/v1/query", "{\"face_token\":\"" + token + "\"}");
        assertThat(query.code()).isZero();
        assertThat(query.data().path("image_id").asText()).isEqualTo(added.path("image_id").asText());
        assertThat(query.data().path("rect")).isEqualTo(added.path("rect"));

        assertThat(fixture.json("/api/face/v1/delete", "{\"face_token\":\"" + token + "\"}").code()).isZero();
        assertThat(fixture.json("/api/face/v1/query", "{\"face_token\":\"" + token + "\"}").code()).isEqualTo(104202);
        assertThat(fixture.json("/api/face/v1/delete", "{\"face_token\":\"" + token + "\"}").code()).isEqualTo(104202);
        // history is kept: the image is still served, the deleted face's crop is not
        assertThat(fixture.get("/api/image/v1/query", Map.of("image_id", List.of(added.path("image_id").asText()))).status())
                .isEqualTo(200);
        assertThat(fixture.get("/api/image/v1/query", Map.of("face_token", List.of(token))).code()).isEqualTo(104202);
    }

    @Test
    void malformedTokensAreIllegalArguments() {
        for (String bad : new String[] {"\"short\"", "42", "\"GKBj9-19tIjsUVdZQ4eZqQ==!\"", "\"GKBj9+19tIjsUVdZQ4eZqQ==\""}) {
            Answer answer = fixture.json("/api/face/v1/query", "{\"face_token\":" + bad + "}");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.message()).as(bad).isEqualTo("ILLEGAL_ARGUMENT: face_token");
        }
        assertThat(fixture.json("/api/face/v1/query", "{}").message()).isEqualTo("MISSING_ARGUMENT: face_token");
        assertThat(fixture.json("/api/face/v1/query", "{\"face_token\":").code()).isEqualTo(104000);
        assertThat(fixture.get("/api/image/v1/query", Map.of("image_id", List.of("not-an-id"))).message())
                .isEqualTo("ILLEGAL_ARGUMENT: image_id");
        assertThat(fixture.get("/api/image/v1/query", Map.of()).message()).isEqualTo("MISSING_ARGUMENT: image_id,face_token");
    }

    /** The document's example token: well-formed, it names nothing here, before or after the first face. */
    @Test
    void wellFormedTokensThatNameNothingAreNotExistEvenBeforeTheFirstFace() {
        String example = "GKBj9-19tIjsUVdZQ4eZqQ==";
        for (int round = 0; round < 2; round++) {
            Answer query = fixture.json("/api/face/v1/query", "{\"face_token\":\"" + example + "\"}");
            assertThat(query.status()).isEqualTo(400);
            assertThat(query.message()).as("query, round %d", round).isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(fixture.json("/api/face/v1/delete", "{\"face_token\":\"" + example + "\"}").message())
                    .as("delete, round %d", round).isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(fixture.get("/api/image/v1/query", Map.of("face_token", List.of(example))).message())
                    .as("crop, round %d", round).isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(addOneFace("png", 7).code()).isZero();
        }
        String imageId = FacepassIds.IMAGE_ID.newId();
        assertThat(fixture.json("/api/face/v1/delete", "{\"face_token\":\"" + imageId + "\"}").message())
                .as("an image_id names no face").isEqualTo("FACE_TOKEN_NOT_EXIST");
        assertThat(fixture.get("/api/image/v1/query", Map.of("image_id", List.of(imageId))).message())
                .as("an image_id that names nothing (no code of its own)").isEqualTo("ILLEGAL_ARGUMENT: image_id");
    }

    @Test
    void queryAnswersTheRectInTheServersOrderWhateverOrderTheLogHolds() {
        JsonNode added = addOneFace("png", 8).data();
        String imageId = added.path("image_id").asText();
        // an enrolment log written before the rect order changed
        String log = fixture.engine.record("default", FacepassFaces.IMAGE_KIND, imageId).orElseThrow()
                .replaceAll("\"rect\":\\{[^}]*}", "\"rect\":{\"left\":100,\"top\":50,\"right\":220,\"bottom\":190}");
        fixture.engine.putRecord("default", FacepassFaces.IMAGE_KIND, imageId, log);

        Answer query = fixture.json("/api/face/v1/query", "{\"face_token\":\"" + added.path("face_token").asText() + "\"}");

        assertThat(query.text()).contains("\"rect\": {\n      \"bottom\": 190,\n      \"left\": 100,\n      \"right\": 220,\n"
                + "      \"top\": 50\n    }");
    }

    @Test
    void theCropFollowsTheDocumentsRuleAndFaceTokenWinsOverImageId() throws IOException {
        byte[] photo = image("png", 400, 300, 6);
        fixture.engine.faces(photo, face(new BoundingBox(150, 100, 100, 100), new float[] {1, 0, 0}, 0, 0.05, 0.9));
        JsonNode added = add(photo).data();

        Answer crop = fixture.get("/api/image/v1/query", Map.of(
                "face_token", List.of(added.path("face_token").asText()),
                "image_id", List.of(added.path("image_id").asText())));

        assertThat(crop.response().contentType()).isEqualTo("image/png");
        BufferedImage cut = ImageIO.read(new ByteArrayInputStream(crop.response().body()));
        // 2 x 100 wide, centred: 100..300; 2 x 100 high, 60 above and 40 below: 40..240
        assertThat(cut.getWidth()).isEqualTo(200);
        assertThat(cut.getHeight()).isEqualTo(200);
        int corner = cut.getRGB(0, 0) & 0xFFFFFF;
        assertThat(corner >> 16).as("x of the crop's first pixel").isEqualTo(100);
        assertThat((corner >> 8) & 0xFF).as("y of the crop's first pixel").isEqualTo(40);
    }
}
