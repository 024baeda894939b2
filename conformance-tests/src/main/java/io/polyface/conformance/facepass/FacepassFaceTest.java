package io.polyface.conformance.facepass;

import static io.polyface.conformance.facepass.FacepassClient.Part.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.ImageFiles;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** 新增Face (its three cases, image checks and quality gate), 删除Face and 查询人脸信息. */
class FacepassFaceTest extends BaseFacepassTest {
    private static final String ADD = "/api/face/v1/add";
    private static final String ID = "[A-Za-z0-9_=-]{24}";

    private FacepassResponse add(byte[] image) {
        FacepassResponse response = env.client().postForm(ADD, file("image", "face.jpg", image));
        if (response.code() == 0) {
            env.trackFace(response.data().path("face_token").asText());
        }
        return response;
    }

    /** Adds a JPEG of the photo as {@code change} made it. */
    private FacepassResponse addCopy(String photo, UnaryOperator<BufferedImage> change) {
        return add(ImageFiles.encode(change.apply(ImageFiles.decode(photo(photo))), "jpg"));
    }

    private byte[] photo(String name) {
        return env.faces().bytes(name);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "0", section = "新增Face (case A)")
    void caseAGivesTokenImageIdAndRect() {
        FacepassResponse response = add(photo(Photos.ANGELINA_1));

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.code()).as("code").isZero();
        assertThat(response.message()).as("message").isEmpty();
        assertThat(response.keys(response.data())).as("data keys in the example's order").containsExactly("face_token", "image_id", "rect");
        assertThat(response.data().path("face_token").asText()).as("face_token").matches(ID);
        assertThat(response.data().path("image_id").asText()).as("image_id").matches(ID);
        var rect = response.data().path("rect");
        assertThat(response.keys(rect)).as("rect keys (their order: FacepassAnswerOrderTest)").containsExactlyInAnyOrder("left", "top", "right", "bottom");
        assertThat(rect.path("right").asInt() - rect.path("left").asInt()).as("rect width").isGreaterThanOrEqualTo(100);
        assertThat(rect.path("bottom").asInt() - rect.path("top").asInt()).as("rect height").isGreaterThanOrEqualTo(100);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104200", section = "新增Face (case C)")
    void caseCHasOnlyAnImageIdWhoseImageIsKept() {
        byte[] image = photo(Photos.NO_FACE);
        FacepassResponse response = add(image);

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(400);
        assertThat(response.code()).as("code").isEqualTo(104200);
        assertThat(response.message()).as("message").isEqualTo("FACE_NOT_FOUND");
        assertThat(response.keys(response.data())).as("data keys").containsExactly("image_id");
        FacepassResponse original = env.client().get("/api/image/v1/query", Map.of("image_id", response.data().path("image_id").asText()));
        assertThat(original.httpStatus()).as("the image of a failed add can be fetched").isEqualTo(200);
        assertThat(original.body()).as("the original bytes").isEqualTo(image);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104201", section = "新增Face (case B, FaceMin)")
    void aLargestFaceUnder100PixelsIsCaseB() {
        FacepassResponse response = add(photo(Photos.ID01_PROBE));

        assertThat(response.code()).as("code").isEqualTo(104201);
        assertThat(response.message()).as("message").startsWith("BAD_QUALITY: ").contains("FaceMin");
        assertThat(response.keys(response.data())).as("data keys").containsExactly("image_id", "rect");
        assertThat(env.client().get("/api/image/v1/query", Map.of("image_id", response.data().path("image_id").asText())).httpStatus())
                .as("the image of a refused face is kept").isEqualTo(200);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104201", section = "新增Face (quality gate: Roll <= 20)")
    void aTurnedCopyOfAGoodPhotoFailsOnRoll() {
        // a frontal photo (roll about -3 degrees) turned by 40 degrees in the image plane
        assertThat(add(photo(Photos.ANGELINA_1)).code()).as("the photo itself passes").isZero();
        FacepassResponse response = addCopy(Photos.ANGELINA_1, good -> ImageFiles.rotated(good, 40));

        assertThat(response.code()).as("code").isEqualTo(104201);
        assertThat(response.message()).as("message").startsWith("BAD_QUALITY: ").contains("Roll");
        assertThat(response.data().has("rect")).as("case B has a rect").isTrue();
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104201", section = "新增Face (quality gate: Blurriness <= 0.2)")
    void aBlurredCopyOfAGoodPhotoFailsOnBlur() {
        FacepassResponse response = addCopy(Photos.ANGELINA_2, good -> ImageFiles.blurred(good, 6));

        assertThat(response.code()).as("code").isEqualTo(104201);
        assertThat(response.message()).as("message").isEqualTo("BAD_QUALITY: Blurriness");
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104201", section = "新增Face (quality gate: Brightness 75..210)")
    void aDarkenedCopyOfAGoodPhotoFailsOnBrightness() {
        FacepassResponse response = addCopy(Photos.ANGELINA_2, good -> ImageFiles.darkened(good, 0.3));

        assertThat(response.code()).as("code").isEqualTo(104201);
        assertThat(response.message()).as("message").startsWith("BAD_QUALITY: ").contains("Brightness");
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "0", section = "新增Face (png is supported)")
    void pngIsAccepted() {
        byte[] png = ImageFiles.encode(ImageFiles.decode(photo(Photos.SCARLETT_1)), "png");
        assertThat(add(png).code()).as("code for a PNG").isZero();
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104100", section = "新增Face (png, jpg only; decode failure)")
    void otherFormatsAndBrokenFilesAreUnsupportedImageFormat() {
        BufferedImage good = ImageFiles.decode(photo(Photos.ANGELINA_1));
        assertThat(add(ImageFiles.encode(good, "bmp")).message()).as("bmp").isEqualTo("UNSUPPORTED_IMAGE_FORMAT");
        assertThat(add(ImageFiles.encode(good, "gif")).code()).as("gif").isEqualTo(104100);
        assertThat(add("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes()).code()).as("svg").isEqualTo(104100);
        assertThat(add(Arrays.copyOf(photo(Photos.ANGELINA_1), 200)).code()).as("a truncated jpeg").isEqualTo(104100);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104101", section = "新增Face (resolution 100x100 .. 4096x4096 by area)")
    void resolutionOutsideTheLimitsIsInvalidImageResolution() {
        FacepassResponse tiny = add(ImageFiles.encode(new BufferedImage(90, 90, BufferedImage.TYPE_INT_RGB), "png"));
        tiny.assertRefused("90x90", "INVALID_IMAGE_RESOLUTION");
        assertThat(add(ImageFiles.encode(new BufferedImage(4200, 4200, BufferedImage.TYPE_INT_RGB), "png")).code())
                .as("4200x4200").isEqualTo(104101);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104102", section = "新增Face (<= 4M)")
    void filesOver4MiBAreInvalidImageFileSize() {
        byte[] jpeg = photo(Photos.ANGELINA_1);
        byte[] big = Arrays.copyOf(jpeg, 4 * 1024 * 1024 + 16); // a valid JPEG followed by padding
        FacepassResponse response = add(big);

        response.assertRefused("response", "INVALID_IMAGE_FILE_SIZE");
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.add", code = "104002", section = "通用错误码")
    void withoutAnImageIsMissingArgument() {
        FacepassResponse response = env.client().postForm(ADD, FacepassClient.Part.text("picture", "x"));
        response.assertRefused("response", "MISSING_ARGUMENT: image");
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.query", code = "0", section = "查询人脸信息")
    @Proves(dialect = "facepass", operation = "face.delete", code = "0", section = "删除Face")
    @Proves(dialect = "facepass", operation = "face.query", code = "104202", section = "查询人脸信息")
    @Proves(dialect = "facepass", operation = "face.delete", code = "104202", section = "删除Face")
    void queryAndDelete() {
        FacepassResponse added = add(photo(Photos.JENNIFER_1));
        String token = added.data().path("face_token").asText();

        FacepassResponse query = env.client().face("query", token);
        assertThat(query.code()).as("query code").isZero();
        assertThat(query.keys(query.data())).as("query data keys").containsExactly("image_id", "rect");
        assertThat(query.data().path("image_id")).as("image_id as added").isEqualTo(added.data().path("image_id"));
        assertThat(query.data().path("rect")).as("rect as added").isEqualTo(added.data().path("rect"));

        FacepassResponse deleted = env.client().face("delete", token);
        assertThat(deleted.code()).as("delete code").isZero();
        assertThat(deleted.data().size()).as("delete data is an empty object").isZero();

        FacepassResponse gone = env.client().face("query", token);
        gone.assertRefused("query after delete", "FACE_TOKEN_NOT_EXIST");
        assertThat(env.client().face("delete", token).code()).as("delete again").isEqualTo(104202);
        assertThat(env.client().get("/api/image/v1/query", Map.of("image_id", added.data().path("image_id").asText())).httpStatus())
                .as("the original is kept after the face is deleted").isEqualTo(200);
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.query", code = "104001", section = "查询人脸信息 (face_token cannot be decrypted)")
    @Proves(dialect = "facepass", operation = "face.delete", code = "104001", section = "删除Face (face_token cannot be decrypted)")
    void malformedTokensAreIllegalArgument() {
        for (Object bad : new Object[] {"short", "GKBj9-19tIjsUVdZQ4eZqQ==!", "########################", 42}) {
            FacepassResponse query = env.client().face("query", bad);
            assertThat(query.httpStatus()).as("HTTP status for %s", bad).isEqualTo(400);
            assertThat(query.message()).as("query %s", bad).isEqualTo("ILLEGAL_ARGUMENT: face_token");
            assertThat(env.client().face("delete", bad).message()).as("delete %s", bad)
                    .isEqualTo("ILLEGAL_ARGUMENT: face_token");
        }
    }

    @Test
    @Proves(dialect = "facepass", operation = "face.query", code = "104002", section = "通用错误码")
    @Proves(dialect = "facepass", operation = "face.delete", code = "104002", section = "通用错误码")
    void aMissingTokenIsMissingArgument() {
        assertThat(env.client().postJson("/api/face/v1/query", Map.of()).message()).as("query").isEqualTo("MISSING_ARGUMENT: face_token");
        assertThat(env.client().postJson("/api/face/v1/delete", Map.of("face", "x")).message()).as("delete")
                .isEqualTo("MISSING_ARGUMENT: face_token");
    }
}
