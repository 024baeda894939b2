package io.polyface.conformance.facepass;

import static io.polyface.conformance.facepass.FacepassClient.Part.file;
import static io.polyface.conformance.facepass.FacepassClient.Part.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.Basis;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 人脸识别 against a group of three people. face_data is Polyface's JSON (Megvii's comes from its
 * client SDK), so the successful cases rest on Polyface's definition: emulator-only.
 */
class FacepassRecognizeTest extends BaseFacepassTest {
    private static final String RECOGNIZE = "/api/service/recognize/v1/";

    private static String group;
    private static String angelina;
    private static String scarlett;

    @BeforeAll
    static void gallery() {
        group = env.newGroup();
        angelina = env.addFace(Photos.ANGELINA_1);
        scarlett = env.addFace(Photos.SCARLETT_1);
        String jennifer = env.addFace(Photos.JENNIFER_1);
        for (String token : new String[] {angelina, scarlett, jennifer}) {
            FacepassResponse bound = env.client().binding("bind", group, token);
            assertThat(bound.code()).as("binding the gallery (绑定Face到Group)").isZero();
        }
    }

    private static byte[] photo(String name) {
        return env.faces().bytes(name);
    }

    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "0", basis = Basis.EMULATOR_ONLY,
            section = "人脸识别 (results merged per track_id, recognize threshold 78)")
    void eachTrackGetsItsBestMatchAndTheThreshold() {
        assumeFalse(env.external(), "face_data is Polyface's own JSON form");
        FacepassResponse response = env.client().postForm(RECOGNIZE,
                text("group_name", group),
                text("face_data", "{\"faces\":[{\"track_id\":11},{\"track_id\":12},{\"track_id\":13},{\"track_id\":14}]}"),
                file("image_11", "a.jpg", photo(Photos.ANGELINA_PROBE)),
                file("image_12", "b.jpg", photo(Photos.SCARLETT_PROBE)),
                file("image_12", "c.jpg", photo(Photos.JENNIFER_PROBE)),
                file("image_13", "d.jpg", photo(Photos.ID01_1)),
                file("image_14", "e.jpg", photo(Photos.NO_FACE)));

        assertThat(response.code()).as("code").isZero();
        JsonNode data = response.data();
        assertThat(data.path("recognize_threshold").asDouble()).as("the recommended threshold").isEqualTo(78);
        JsonNode results = data.path("results");
        assertThat(results.size()).as("one result per track").isEqualTo(4);
        assertThat(results.get(0).path("face_token").asText()).as("track 11: angelina").isEqualTo(angelina);
        assertThat(results.get(0).path("recognized").asBoolean()).as("track 11 recognized").isTrue();
        assertThat(results.get(0).path("score").asDouble()).as("track 11 score").isGreaterThanOrEqualTo(78);
        assertThat(results.get(1).path("recognized").asBoolean()).as("track 12: two frames, one recognized").isTrue();
        assertThat(results.get(1).path("face_token").asText()).as("track 12: the better frame's match").isNotEmpty();
        assertThat(results.get(2).path("recognized").asBoolean()).as("track 13: a stranger").isFalse();
        assertThat(results.get(2).path("score").asDouble()).as("track 13 score").isLessThan(78);
        assertThat(results.get(3).path("face_found").asBoolean()).as("track 14: no face").isFalse();
        assertThat(results.get(3).path("recognized").asBoolean()).as("track 14 recognized").isFalse();
    }

    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "0", basis = Basis.EMULATOR_ONLY,
            section = "人脸识别 (face_data rect picks a face)")
    void aRectPicksTheFaceOfTheTrack() {
        assumeFalse(env.external(), "face_data is Polyface's own JSON form");
        FacepassResponse added = env.client().postForm("/api/face/v1/add", file("image", "p.jpg", photo(Photos.ANGELINA_PROBE)));
        env.trackFace(added.data().path("face_token").asText());
        JsonNode rect = added.data().path("rect");

        FacepassResponse response = env.client().postForm(RECOGNIZE, text("group_name", group),
                text("face_data", "{\"faces\":[{\"track_id\":1,\"rect\":" + rect + "}]}"),
                file("image_1", "a.jpg", photo(Photos.ANGELINA_PROBE)));

        assertThat(response.data().path("results").get(0).path("face_token").asText()).as("match").isEqualTo(angelina);
    }

    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "104301", section = "人脸识别")
    void anUnknownGroupIsGroupNameNotExist() {
        FacepassResponse response = env.client().postForm(RECOGNIZE, text("group_name", FacepassEnvironment.name()),
                text("face_data", "{\"faces\":[{\"track_id\":1}]}"), file("image_1", "a.jpg", photo(Photos.ANGELINA_PROBE)));
        response.assertRefused("response", "GROUP_NAME_NOT_EXIST");
    }

    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "104002", section = "人脸识别 (all three are required)")
    @Proves(dialect = "facepass", operation = "recognize", code = "104001", basis = Basis.EMULATOR_ONLY, section = "人脸识别 (face_data)")
    @Proves(dialect = "facepass", operation = "recognize", code = "104100", basis = Basis.EMULATOR_ONLY, section = "通用错误码")
    void badRequests() {
        assertThat(env.client().postForm(RECOGNIZE, text("other", "x")).message()).as("nothing")
                .isEqualTo("MISSING_ARGUMENT: group_name,face_data");
        assumeFalse(env.external(), "face_data is Polyface's own JSON form");
        assertThat(env.client().postForm(RECOGNIZE, text("group_name", group), text("face_data", "{\"faces\":[{\"track_id\":3}]}"))
                .message()).as("no image for a track").isEqualTo("MISSING_ARGUMENT: image_3");
        assertThat(env.client().postForm(RECOGNIZE, text("group_name", group), text("face_data", "frame 12"),
                file("image_1", "a.jpg", photo(Photos.ANGELINA_PROBE))).message()).as("face_data not JSON")
                .isEqualTo("ILLEGAL_ARGUMENT: face_data");
        assertThat(env.client().postForm(RECOGNIZE, text("group_name", group), text("face_data", "{\"faces\":[{\"track_id\":1}]}"),
                file("image_1", "a.jpg", photo(Photos.ANGELINA_PROBE)), file("image_2", "b.jpg", photo(Photos.ANGELINA_2)))
                .message()).as("an image of no track").isEqualTo("ILLEGAL_ARGUMENT: image_2");
        assertThat(env.client().postForm(RECOGNIZE, text("group_name", "bad-name"), text("face_data", "{\"faces\":[{\"track_id\":1}]}"),
                file("image_1", "a.jpg", photo(Photos.ANGELINA_PROBE))).message()).as("group name")
                .isEqualTo("ILLEGAL_ARGUMENT: group_name");
        FacepassResponse undecodable = env.client().postForm(RECOGNIZE, text("group_name", group),
                text("face_data", "{\"faces\":[{\"track_id\":1}]}"), file("image_1", "a.jpg", "not an image".getBytes()));
        undecodable.assertRefused("an undecodable image", "UNSUPPORTED_IMAGE_FORMAT");
    }

    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "104101", section = "通用错误码 (图片分辨率过大)")
    void aFrameClaimingTooManyPixelsIsInvalidImageResolution() {
        FacepassResponse response = env.client().postForm(RECOGNIZE, text("group_name", group),
                text("face_data", "{\"faces\":[{\"track_id\":1}]}"), file("image_1", "a.png", hugePngHeader()));
        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(400);
        assertThat(response.code()).as("100,000 x 100,000").isEqualTo(104101);
        assertThat(response.message()).as("message").isEqualTo("INVALID_IMAGE_RESOLUTION");
    }

    /** A PNG signature and an IHDR claiming 100,000 x 100,000 pixels, and nothing after. */
    private static byte[] hugePngHeader() {
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000);
        png.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        png.putInt(0); // the CRC, unchecked before the size is
        return png.array();
    }
}
