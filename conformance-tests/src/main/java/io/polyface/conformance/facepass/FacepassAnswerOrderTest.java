package io.polyface.conformance.facepass;

import static io.polyface.conformance.facepass.FacepassClient.Part.file;
import static io.polyface.conformance.facepass.FacepassClient.Part.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Answers as the real FacePass server sends them, read as text the way its clients read them: by
 * character offset. The key orders rest on the document's captured answers (real timestamps:
 * compare and config) and on a client of the real server, not on its hand-written templates.
 */
class FacepassAnswerOrderTest extends BaseFacepassTest {
    private static final String CAPTURED = "facepass-server.md captured compare answer";
    private static final String DESKTOP_CLIENT = "FacePass desktop client group clean-up (reads the tokens between \"faces\" and \"group_name\")";
    /** The envelope's head as the captured answers lay it out: two spaces, {@code "key": value}, one key a line. */
    private static final Pattern HEAD = Pattern.compile(
            "\\{\\n  \"code\": \\d+,\\n  \"message\": \"[^\"\\n]*\",\\n  \"timecost\": \\d+,\\n  \"timestamp\": \\d+,\\n  \"data\": ");
    private static final Pattern QUOTED_TOKEN = Pattern.compile("\"([A-Za-z0-9_=-]{24})\"");

    /** The offsets of the keys in the text, which must rise. */
    private static void assertInOrder(String what, String text, String... keys) {
        int last = -1;
        for (String key : keys) {
            int at = text.indexOf('"' + key + '"');
            assertThat(at).as("%s: \"%s\" after the previous key in %s", what, key, text).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    @Proves(dialect = "facepass", operation = "version", code = "0", basis = Basis.OBSERVED, section = CAPTURED)
    @Proves(dialect = "facepass", operation = "group.list", code = "0", basis = Basis.OBSERVED, section = CAPTURED)
    @Proves(dialect = "facepass", operation = "group.create", code = "104300", basis = Basis.OBSERVED, section = CAPTURED)
    @Proves(dialect = "facepass", operation = "face.query", code = "104002", basis = Basis.OBSERVED, section = CAPTURED)
    void theEnvelopeIsCodeMessageTimecostTimestampDataInSuccessesAndFailures() {
        String name = env.newGroup();
        List<FacepassResponse> answers = List.of(
                env.client().get("/api/version/v1", Map.of()),
                env.client().get("/api/group/v1/list", Map.of()),
                env.client().group("create", name),
                env.client().postJson("/api/face/v1/query", Map.of()));

        assertThat(answers).extracting(FacepassResponse::code).containsExactly(0, 0, 104300, 104002);
        for (FacepassResponse answer : answers) {
            String text = answer.text();
            assertInOrder("envelope", text, "code", "message", "timecost", "timestamp", "data");
            assertThat(HEAD.matcher(text).lookingAt()).as("the captured layout of the envelope's head: %s", text).isTrue();
        }
    }

    @Test
    @Proves(dialect = "facepass", operation = "compare", code = "0", basis = Basis.OBSERVED, section = CAPTURED)
    void compareDataRectPoseAndBlurComeInTheCapturedOrder() {
        FacepassResponse same = env.client().postForm("/api/service/compare/v1",
                file("image_1", "1.jpg", env.faces().bytes(Photos.ANGELINA_1)),
                file("image_2", "2.jpg", env.faces().bytes(Photos.ANGELINA_PROBE)), text("enable_liveness", "false"));

        assertThat(same.code()).as("code").isZero();
        String text = same.text();
        assertInOrder("compare data", text, "compare_threshold", "score", "detection_result_1", "detection_result_2",
                "liveness_threshold", "liveness_score_1", "liveness_score_2");
        String first = text.substring(text.indexOf("\"detection_result_1\""), text.indexOf("\"detection_result_2\""));
        assertInOrder("detection_result_1", first, "rect", "bottom", "left", "right", "top", "pose", "yaw", "pitch", "roll", "blur");
        assertInOrder("detection_result_2", text.substring(text.indexOf("\"detection_result_2\"")), "rect", "bottom", "left", "right",
                "top", "pose", "blur");
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "0", basis = Basis.OBSERVED, section = CAPTURED)
    @Proves(dialect = "facepass", operation = "face.add", code = "104201", basis = Basis.OBSERVED, section = CAPTURED)
    @Proves(dialect = "facepass", operation = "face.query", code = "0", basis = Basis.OBSERVED, section = CAPTURED)
    void everyRectIsBottomLeftRightTopAsTheCapturedOne() {
        FacepassResponse added = env.client().postForm("/api/face/v1/add", file("image", "face.jpg",
                env.faces().bytes(Photos.SCARLETT_1)));
        assertThat(added.code()).as("face/add code").isZero();
        String token = env.trackFace(added.data().path("face_token").asText());
        assertInOrder("face/add data", added.text(), "face_token", "image_id", "rect", "bottom", "left", "right", "top");

        FacepassResponse query = env.client().face("query", token);
        assertThat(query.code()).as("face/query code").isZero();
        assertInOrder("face/query data", query.text(), "image_id", "rect", "bottom", "left", "right", "top");
        assertThat(query.data().path("rect")).as("the rect as added").isEqualTo(added.data().path("rect"));

        FacepassResponse refused = env.client().postForm("/api/face/v1/add", file("image", "small.jpg",
                env.faces().bytes(Photos.ID01_PROBE)));
        assertThat(refused.code()).as("case B code").isEqualTo(104201);
        assertInOrder("case B data", refused.text(), "image_id", "rect", "bottom", "left", "right", "top");
    }

    @Test
    @Proves(dialect = "facepass", operation = "group.query", code = "0", basis = Basis.OBSERVED, section = DESKTOP_CLIENT)
    void groupQueryListsFacesBeforeGroupName() {
        String name = env.newGroup();
        String token = env.addFace(Photos.JENNIFER_1);
        assertThat(env.client().binding("bind", name, token).code()).as("bind").isZero();

        FacepassResponse query = env.client().group("query", name);

        assertThat(query.code()).as("code").isZero();
        assertInOrder("group/query data", query.text(), "data", "faces", token, "group_name");
    }

    /**
     * What the desktop client does: enrol, bind, then clean the group up by taking every token
     * that stands between {@code "faces"} and {@code "group_name"} in the raw answer.
     */
    @Test
    @Proves(dialect = "facepass", operation = "group.query", code = "0", basis = Basis.OBSERVED, section = DESKTOP_CLIENT)
    @Proves(dialect = "facepass", operation = "face.delete", code = "0", basis = Basis.OBSERVED, section = DESKTOP_CLIENT)
    void aClientReadingByOffsetsCleansAGroupUp() {
        String name = env.newGroup();
        List<String> enrolled = List.of(env.addFace(Photos.ANGELINA_1), env.addFace(Photos.SCARLETT_1));
        for (String token : enrolled) {
            assertThat(env.client().binding("bind", name, token).code()).as("bind %s", token).isZero();
        }

        List<String> found = tokensBetweenFacesAndGroupName(env.client().group("query", name).text());
        assertThat(found).as("the tokens a client reading by offset finds").containsExactlyInAnyOrderElementsOf(enrolled);
        for (String token : found) {
            assertThat(env.client().face("delete", token).code()).as("delete %s", token).isZero();
        }

        FacepassResponse after = env.client().group("query", name);
        assertThat(tokensBetweenFacesAndGroupName(after.text())).as("tokens left, read by offset").isEmpty();
        assertThat(after.strings("/data/faces")).as("faces left").isEmpty();
    }

    private static List<String> tokensBetweenFacesAndGroupName(String text) {
        int faces = text.indexOf("\"faces\"");
        int groupName = text.indexOf("\"group_name\"");
        assertThat(faces).as("\"faces\" before \"group_name\" in %s", text).isPositive().isLessThan(groupName);
        List<String> tokens = new ArrayList<>();
        Matcher matcher = QUOTED_TOKEN.matcher(text.substring(faces + "\"faces\"".length(), groupName));
        while (matcher.find()) {
            tokens.add(matcher.group(1));
        }
        return tokens;
    }

    /** The document's own example tokens: well-formed, naming nothing here. */
    @Test
    @Proves(dialect = "facepass", operation = "face.delete", code = "104202", section = "删除Face (错误码: FACE_TOKEN_NOT_EXIST)")
    @Proves(dialect = "facepass", operation = "face.query", code = "104202", section = "查询人脸信息 (错误码: FACE_TOKEN_NOT_EXIST)")
    @Proves(dialect = "facepass", operation = "group.unbind", code = "104303", section = "Group解绑Face (错误码: GROUP_BINDING_NOT_EXIST)")
    @Proves(dialect = "facepass", operation = "group.bind", code = "104202", section = "绑定Face到Group")
    @Proves(dialect = "facepass", operation = "image.query", code = "104202", section = "图片下载")
    void wellFormedTokensThatNameNothingGetTheNotExistCodeNotIllegalArgument() {
        String name = env.newGroup();
        for (String token : List.of("GKBj9-19tIjsUVdZQ4eZqQ==", "QDe1ddlvlJlv865FO4dqtg==", "z1BgYcmnTbiHTNtX1EeeEA==")) {
            FacepassResponse deleted = env.client().face("delete", token);
            assertThat(deleted.httpStatus()).as("HTTP status").isEqualTo(400);
            assertThat(deleted.message()).as("delete %s", token).isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(env.client().face("query", token).message()).as("query %s", token)
                    .isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(env.client().binding("bind", name, token).message()).as("bind %s", token).isEqualTo("FACE_TOKEN_NOT_EXIST");
            assertThat(env.client().binding("unbind", name, token).message()).as("unbind %s", token).isEqualTo("GROUP_BINDING_NOT_EXIST");
            assertThat(env.client().get("/api/image/v1/query", Map.of("face_token", token)).message()).as("crop of %s", token)
                    .isEqualTo("FACE_TOKEN_NOT_EXIST");
        }
    }

    /** The device SDK's face_data is encrypted: a real server reads it, Polyface says it cannot. */
    @Test
    @Proves(dialect = "facepass", operation = "recognize", code = "104001", basis = Basis.EMULATOR_ONLY,
            section = "人脸识别 (face_data from feedFrame, serialised like the answer's example; 通用错误码 ILLEGAL_ARGUMENT)")
    void theSdksEncryptedFaceDataIsRefusedWithAMessageThatSaysSo() {
        assumeFalse(env.external(), "a real FacePass server reads its SDK's face_data");
        String name = env.newGroup();
        String sdk = "7zvOjop716X7LGnVrIRFfD___bFWfmxzux4psUZJiGTniz5zV04pTE7YYorro5TSY9nqaU5XhcPcv1PjnjtbutJ1_mZZVSD2If5AamVmLtgwnOyh9wx";

        FacepassResponse response = env.client().postForm("/api/service/recognize/v1/", text("group_name", name),
                text("face_data", sdk), file("image_1", "frame.jpg", env.faces().bytes(Photos.ANGELINA_PROBE)));

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(400);
        assertThat(response.code()).as("code").isEqualTo(104001);
        assertThat(response.message()).as("message").startsWith("ILLEGAL_ARGUMENT: face_data (")
                .contains("encrypted face_data is not supported").contains("send the image instead");
    }
}
