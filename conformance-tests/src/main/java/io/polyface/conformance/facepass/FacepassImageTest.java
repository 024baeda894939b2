package io.polyface.conformance.facepass;

import static io.polyface.conformance.facepass.FacepassClient.Part.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ImageFiles;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 图片下载: the original by image_id, the face crop by face_token (twice the rect's width and height,
 * centred horizontally, 3/5 of the added height above and 2/5 below), face_token winning.
 */
class FacepassImageTest extends BaseFacepassTest {
    private static final String QUERY = "/api/image/v1/query";

    private JsonNode add(byte[] image) {
        FacepassResponse added = env.client().postForm("/api/face/v1/add", file("image", "face.png", image));
        assertThat(added.code()).as("adding the photo (新增Face): %s", added.json()).isZero();
        env.trackFace(added.data().path("face_token").asText());
        return added.data();
    }

    /** The crop the document's rule gives, cut to the image: left, top, right, bottom. */
    private static int[] expectedCrop(JsonNode rect, int width, int height) {
        int l = rect.path("left").asInt();
        int t = rect.path("top").asInt();
        int r = rect.path("right").asInt();
        int b = rect.path("bottom").asInt();
        int w = r - l;
        int h = b - t;
        double above = h * 3 / 5.0;
        return new int[] {
            Math.max(0, (int) Math.round(l - w / 2.0)), Math.max(0, (int) Math.round(t - above)),
            Math.min(width, (int) Math.round(r + w / 2.0)), Math.min(height, (int) Math.round(b + (h - above)))};
    }

    @Test
    @Proves(dialect = "facepass", operation = "image.query", code = "0", section = "图片下载 (crop rule, lossless check)")
    void theCropIsTwiceTheRectAndSitsWhereTheRuleSays() {
        // a PNG copy of a real photo in a wide frame: the whole crop lies inside it, and PNG keeps pixels exact
        BufferedImage framed = ImageFiles.framed(ImageFiles.decode(env.faces().bytes(Photos.ANGELINA_1)), 400);
        byte[] png = ImageFiles.encode(framed, "png");
        JsonNode added = add(png);
        JsonNode rect = added.path("rect");
        int w = rect.path("right").asInt() - rect.path("left").asInt();
        int h = rect.path("bottom").asInt() - rect.path("top").asInt();

        FacepassResponse crop = env.client().get(QUERY, Map.of("face_token", added.path("face_token").asText()));

        assertThat(crop.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(crop.contentType()).as("content type").startsWith("image/");
        BufferedImage cut = ImageFiles.decode(crop.body());
        assertThat(cut.getWidth()).as("crop width = 2 x rect width").isBetween(2 * w - 1, 2 * w + 1);
        assertThat(cut.getHeight()).as("crop height = 2 x rect height").isBetween(2 * h - 1, 2 * h + 1);
        int[] box = expectedCrop(rect, framed.getWidth(), framed.getHeight());
        int[] found = locate(framed, cut, box[0], box[1], 3);
        assertThat(found[0]).as("crop left (rect left - width/2)").isBetween(box[0] - 1, box[0] + 1);
        assertThat(found[1]).as("crop top (rect top - 3/5 of the height)").isBetween(box[1] - 1, box[1] + 1);
        assertThat(found[2]).as("mean difference at that place").isLessThanOrEqualTo(2);
    }

    @Test
    @Proves(dialect = "facepass", operation = "image.query", code = "0", section = "图片下载 (crop of a JPEG, cut to the image)")
    void theCropOfAJpegIsCutToTheImage() {
        byte[] jpeg = env.faces().bytes(Photos.ANGELINA_1);
        BufferedImage original = ImageFiles.decode(jpeg);
        JsonNode added = add(jpeg);

        BufferedImage cut = ImageFiles.decode(env.client().get(QUERY, Map.of("face_token", added.path("face_token").asText())).body());

        int[] box = expectedCrop(added.path("rect"), original.getWidth(), original.getHeight());
        assertThat(cut.getWidth()).as("crop width").isBetween(box[2] - box[0] - 1, box[2] - box[0] + 1);
        assertThat(cut.getHeight()).as("crop height").isBetween(box[3] - box[1] - 1, box[3] - box[1] + 1);
        int[] found = locate(original, cut, box[0], box[1], 3);
        assertThat(found[2]).as("mean difference at the expected place (JPEG re-encoding)").isLessThanOrEqualTo(12);
    }

    @Test
    @Proves(dialect = "facepass", operation = "image.query", code = "0", section = "图片下载 (image_id: the original; both: face_token)")
    void imageIdGivesTheOriginalAndFaceTokenWinsWhenBothAreGiven() {
        byte[] jpeg = env.faces().bytes(Photos.SCARLETT_1);
        JsonNode added = add(jpeg);

        FacepassResponse original = env.client().get(QUERY, Map.of("image_id", added.path("image_id").asText()));
        assertThat(original.body()).as("the original bytes").isEqualTo(jpeg);

        Map<String, String> both = new LinkedHashMap<>();
        both.put("image_id", added.path("image_id").asText());
        both.put("face_token", added.path("face_token").asText());
        BufferedImage cut = ImageFiles.decode(env.client().get(QUERY, both).body());
        BufferedImage whole = ImageFiles.decode(jpeg);
        assertThat(cut.getWidth() * cut.getHeight()).as("a crop, not the whole photo").isLessThan(whole.getWidth() * whole.getHeight());
    }

    @Test
    @Proves(dialect = "facepass", operation = "image.query", code = "104002", section = "图片下载 (one of the two)")
    @Proves(dialect = "facepass", operation = "image.query", code = "104001", section = "图片下载")
    @Proves(dialect = "facepass", operation = "image.query", code = "104202", section = "图片下载")
    void errors() {
        FacepassResponse none = env.client().get(QUERY, Map.of());
        assertThat(none.httpStatus()).as("HTTP status").isEqualTo(400);
        assertThat(none.code()).as("neither parameter").isEqualTo(104002);
        assertThat(env.client().get(QUERY, Map.of("face_token", "not-a-token")).message()).as("malformed face_token")
                .isEqualTo("ILLEGAL_ARGUMENT: face_token");
        assertThat(env.client().get(QUERY, Map.of("image_id", "not-an-image-id")).message()).as("malformed image_id")
                .isEqualTo("ILLEGAL_ARGUMENT: image_id");
        String token = env.addFace(Photos.JENNIFER_1);
        assertThat(env.client().get(QUERY, Map.of("image_id", token)).code()).as("a face_token as image_id").isEqualTo(104001);
        assertThat(env.client().face("delete", token).code()).as("deleting the face").isZero();
        FacepassResponse deleted = env.client().get(QUERY, Map.of("face_token", token));
        deleted.assertRefused("the crop of a deleted face", "FACE_TOKEN_NOT_EXIST");
    }

    /**
     * Where the crop best matches the original, searched within +-radius of the expected corner:
     * x, y and the mean absolute difference there (0..255).
     */
    private static int[] locate(BufferedImage original, BufferedImage cut, int x0, int y0, int radius) {
        int[] best = {x0, y0, Integer.MAX_VALUE};
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int x = x0 + dx;
                int y = y0 + dy;
                if (x < 0 || y < 0 || x + cut.getWidth() > original.getWidth() || y + cut.getHeight() > original.getHeight()) {
                    continue;
                }
                int difference = meanDifference(original, cut, x, y);
                if (difference < best[2]) {
                    best = new int[] {x, y, difference};
                }
            }
        }
        return best;
    }

    private static int meanDifference(BufferedImage original, BufferedImage cut, int x, int y) {
        long sum = 0;
        long count = 0;
        for (int j = 0; j < cut.getHeight(); j += 3) {
            for (int i = 0; i < cut.getWidth(); i += 3) {
                int a = original.getRGB(x + i, y + j);
                int b = cut.getRGB(i, j);
                sum += Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) + Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF))
                        + Math.abs((a & 0xFF) - (b & 0xFF));
                count += 3;
            }
        }
        return (int) (sum / Math.max(1, count));
    }
}
