package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ImageFiles;
import io.polyface.conformance.PhotoServer;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /face/detection: the image rules, file and url, landmarks, attributes, EXIF and auto-rotation. */
class SensetimeDetectionTest extends BaseSensetimeTest {
    /** Serves photos to the gateway for the url tests. */
    private static PhotoServer images;

    @BeforeAll
    static void serveImages() {
        images = PhotoServer.start(env.faces()::bytes);
    }

    @AfterAll
    static void stopServing() {
        images.close();
    }

    /** /face/detection of a URL of {@link #images}; skipped against an external endpoint, which cannot reach this machine's loopback. */
    private static SensetimeResponse detectServed(String url) {
        assumeFalse(env.external(), "the photos are served on this machine's loopback address");
        return env.client().post("/face/detection", Map.of("url", url));
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection")
    void aPhotoUploadedAsAFileGivesEveryDocumentedField() {
        byte[] photo = env.faces().bytes(Photos.STALLONE);
        BufferedImage pixels = ImageFiles.decode(photo);

        SensetimeResponse response = env.client().detect(photo, Map.of("landmarks106", "1", "attributes", "1", "user_data", "conformance"));

        assertThat(response.httpStatus()).as("HTTP status").isEqualTo(200);
        assertThat(response.status()).isEqualTo("OK");
        assertThat(response.text("image_id")).matches("[0-9a-f]{32}");
        assertThat(response.json().path("width").asInt()).as("width").isEqualTo(pixels.getWidth());
        assertThat(response.json().path("height").asInt()).as("height").isEqualTo(pixels.getHeight());
        assertThat(response.json().has("rotate")).as("rotate without auto_rotate").isFalse();
        JsonNode face = response.json().path("faces").get(0);
        assertThat(face.path("face_id").asText()).matches("[0-9a-f]{32}");
        JsonNode rect = face.path("rect");
        assertThat(rect.path("left").asInt()).isLessThan(rect.path("right").asInt());
        assertThat(rect.path("top").asInt()).isLessThan(rect.path("bottom").asInt());
        assertThat(rect.path("right").asInt()).isLessThanOrEqualTo(pixels.getWidth());
        assertThat(face.path("landmarks21").size()).as("landmarks21").isEqualTo(21);
        assertThat(face.path("landmarks106").size()).as("landmarks106").isEqualTo(106);
        assertThat(face.path("eye_dist").asInt()).as("eye_dist").isPositive().isLessThan(rect.path("right").asInt() - rect.path("left").asInt());
        assertThat(face.path("attributes").path("age").asInt()).as("age").isBetween(15, 80);
        assertThat(face.path("attributes").path("gender").asInt()).as("gender of a man").isGreaterThanOrEqualTo(50);
        for (JsonNode point : face.path("landmarks21")) {
            assertThat(point.get(0).asDouble()).as("landmark x inside the face").isBetween(rect.path("left").asDouble() - 20, rect.path("right").asDouble() + 20);
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (landmarks106, attributes default 0)")
    void withoutOptionsOnlyThe21PointsAreComputed() {
        SensetimeResponse response = env.client().detect(env.faces().bytes(Photos.JENNIFER_1), Map.of());

        JsonNode face = response.json().path("faces").get(0);
        assertThat(face.path("landmarks21").size()).isEqualTo(21);
        assertThat(face.has("landmarks106")).as("landmarks106").isFalse();
        assertThat(face.has("attributes")).as("attributes").isFalse();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (faces: empty array when none)")
    void aPhotoWithoutAFaceHasAnEmptyList() {
        SensetimeResponse response = env.client().detect(env.faces().bytes(Photos.NO_FACE), Map.of());

        assertThat(response.httpStatus()).isEqualTo(200);
        assertThat(response.json().path("faces").isArray()).isTrue();
        assertThat(response.json().path("faces").size()).isZero();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (单人或多人)")
    void everyFaceOfAGroupPhotoIsFound() {
        assumeTrue(env.faces().directory().isPresent(), "the multi-face photos are in the shared set only");

        SensetimeResponse response = env.client().detect(env.faces().bytes(Photos.TWO_PEOPLE), Map.of());

        JsonNode faces = response.json().path("faces");
        assertThat(faces.size()).as("faces in a photo of two people (more when the detector finds a face in the background)")
                .isGreaterThanOrEqualTo(2);
        assertThat(faces.get(0).path("face_id").asText()).isNotEqualTo(faces.get(1).path("face_id").asText());
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (JPG, BMP, PNG, GIF, TIFF)")
    void everyDocumentedFormatIsAccepted() {
        BufferedImage photo = ImageFiles.decode(env.faces().bytes(Photos.STALLONE));
        for (String format : List.of("png", "bmp", "gif", "tiff")) {
            SensetimeResponse response = env.client().detect(ImageFiles.encode(photo, format), Map.of());
            assertThat(response.httpStatus()).as(format).isEqualTo(200);
            assertThat(response.json().path("faces").size()).as("faces in the " + format).isEqualTo(1);
        }
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (url, 下载限时 5s)")
    void aPhotoNamedByUrlIsFetched() {
        SensetimeResponse response = detectServed(images.url(Photos.STALLONE));

        assertThat(response.httpStatus()).isEqualTo(200);
        assertThat(response.json().path("faces").size()).isEqualTo(1);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "DOWNLOAD_TIMEOUT", section = "/face/detection (下载限时 5s)")
    void aDownloadOverFiveSecondsIsDownloadTimeout() {
        long started = System.nanoTime();

        SensetimeResponse response = detectServed(images.slowUrl(Photos.STALLONE));

        assertThat(response.httpStatus()).isEqualTo(400);
        assertThat(response.status()).isEqualTo("DOWNLOAD_TIMEOUT");
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds waited").isBetween(4_500L, 7_500L);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "DOWNLOAD_ERROR", section = "/face/detection")
    void anUnfetchableUrlIsDownloadError() {
        SensetimeResponse refused = env.client().post("/face/detection", Map.of("url", "http://169.254.169.254/latest/meta-data"));
        assertThat(refused.httpStatus()).isEqualTo(400);
        assertThat(refused.status()).as("a link-local address").isEqualTo("DOWNLOAD_ERROR");
        assertThat(env.client().post("/face/detection", Map.of("url", "ftp://example.com/a.jpg")).status()).as("not http(s)")
                .isEqualTo("DOWNLOAD_ERROR");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "DOWNLOAD_ERROR", section = "/face/detection (网络地址图片获取失败)")
    void anImageServerAnsweringAnErrorIsDownloadError() {
        SensetimeResponse missing = detectServed(images.url("missing.jpg"));
        assertThat(missing.httpStatus()).isEqualTo(400);
        assertThat(missing.status()).as("HTTP 404 from the image server").isEqualTo("DOWNLOAD_ERROR");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "IMAGE_FILE_SIZE_TOO_BIG", section = "/face/detection (文件尺寸小于等于 5 MB)")
    void aFileOverFiveMegabytesIsTooBig() {
        byte[] big = Arrays.copyOf(env.faces().bytes(Photos.STALLONE), 5 * 1024 * 1024 + 1);

        SensetimeResponse response = env.client().detect(big, Map.of());

        assertThat(response.httpStatus()).isEqualTo(400);
        assertThat(response.status()).isEqualTo("IMAGE_FILE_SIZE_TOO_BIG");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "INVALID_IMAGE_FORMAT_OR_SIZE", section = "/face/detection (8 < 宽高 <= 4000; 格式)")
    void sidesOutsideTheRangeOrAnotherFormatAreRefused() {
        for (byte[] image : List.of(ImageFiles.plain(8, 100), ImageFiles.plain(100, 8), ImageFiles.plain(4001, 16))) {
            SensetimeResponse response = env.client().detect(image, Map.of());
            assertThat(response.httpStatus()).isEqualTo(400);
            assertThat(response.status()).isEqualTo("INVALID_IMAGE_FORMAT_OR_SIZE");
        }
        assertThat(env.client().detect(ImageFiles.plain(9, 4000), Map.of()).httpStatus()).as("9x4000 is allowed").isEqualTo(200);
        assumeTrue(env.faces().directory().isPresent(), "the WebP file is in the shared set only");
        assertThat(env.client().detect(env.faces().bytes(Photos.WEBP_AS_JPG), Map.of()).status()).as("WebP")
                .isEqualTo("INVALID_IMAGE_FORMAT_OR_SIZE");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "CORRUPT_IMAGE", section = "/face/detection (文件不是图片文件或已经损坏)")
    void aFileThatIsNoImageOrIsBrokenIsCorrupt() {
        SensetimeResponse text = env.client().detect("this is not an image".getBytes(StandardCharsets.US_ASCII), Map.of());
        byte[] jpeg = env.faces().bytes(Photos.STALLONE);
        SensetimeResponse cut = env.client().detect(Arrays.copyOf(jpeg, jpeg.length / 3), Map.of());

        assertThat(text.httpStatus()).isEqualTo(400);
        assertThat(text.status()).isEqualTo("CORRUPT_IMAGE");
        assertThat(cut.status()).as("a JPEG cut to a third").isEqualTo("CORRUPT_IMAGE");
        assumeTrue(env.faces().directory().isPresent(), "the broken files are in the shared set only");
        assertThat(env.client().detect(env.faces().bytes(Photos.TRUNCATED_JPG), Map.of()).status()).isEqualTo("CORRUPT_IMAGE");
        assertThat(env.client().detect(env.faces().bytes(Photos.TEXT_AS_PNG), Map.of()).status()).isEqualTo("CORRUPT_IMAGE");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "INVALID_ARGUMENT", section = "参数错误 (样例 1); /face/detection (file 须 multipart)")
    void fileOrUrlIsRequiredAndAFileOnlyAsMultipart() {
        SensetimeResponse none = env.client().post("/face/detection", Map.of());
        SensetimeResponse fileAsText = env.client().post("/face/detection", Map.of("file", "/path/to/image.jpg"));
        SensetimeResponse badFlag = env.client().detect(env.faces().bytes(Photos.STALLONE), Map.of("landmarks106", "yes"));

        assertThat(none.httpStatus()).isEqualTo(400);
        assertThat(none.status()).isEqualTo("INVALID_ARGUMENT");
        assertThat(none.text("reason")).isEqualTo("must specify 'file' or 'url' argument");
        assertThat(fileAsText.status()).isEqualTo("INVALID_ARGUMENT");
        assertThat(badFlag.status()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "HTTP_413", section = "常见错误 (413 请求体过大)")
    void aBodyOverTheServersLimitIs413() {
        byte[] huge = new byte[33 << 20];
        huge[0] = (byte) 0xFF;

        SensetimeResponse response = env.client().detect(huge, Map.of());

        assertThat(response.httpStatus()).isEqualTo(413);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (exif_orientation)")
    void theExifOrientationIsReportedWhenPresent() {
        byte[] jpeg = env.faces().bytes(Photos.STALLONE);
        BufferedImage pixels = ImageFiles.decode(jpeg);
        byte[] plainJpeg = ImageFiles.encode(pixels, "jpeg");

        SensetimeResponse none = env.client().detect(plainJpeg, Map.of());
        SensetimeResponse upright = env.client().detect(ImageFiles.withExifOrientation(plainJpeg, 1), Map.of());
        SensetimeResponse turned = env.client().detect(ImageFiles.withExifOrientation(plainJpeg, 6), Map.of());

        assertThat(none.json().has("exif_orientation")).as("no EXIF, no field").isFalse();
        assertThat(upright.json().path("exif_orientation").asInt()).isEqualTo(1);
        assertThat(upright.json().path("faces").size()).isEqualTo(1);
        assertThat(turned.json().path("exif_orientation").asInt()).isEqualTo(6);
        assertThat(turned.json().path("width").asInt()).as("width after turning by the EXIF orientation").isEqualTo(pixels.getHeight());
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "/face/detection (auto_rotate, rotate)")
    void autoRotateTurnsASidewaysPhotoUprightAndSaysHowFar() {
        BufferedImage photo = ImageFiles.decode(env.faces().bytes(Photos.STALLONE));
        byte[] sideways = ImageFiles.encode(ImageFiles.clockwise(photo), "jpeg");

        SensetimeResponse plain = env.client().detect(sideways, Map.of());
        SensetimeResponse turned = env.client().detect(sideways, Map.of("auto_rotate", "1"));

        assertThat(plain.json().has("rotate")).as("rotate without auto_rotate").isFalse();
        assertThat(turned.text("rotate")).isEqualTo("cw270");
        assertThat(turned.json().path("width").asInt()).isEqualTo(photo.getWidth());
        assertThat(turned.json().path("height").asInt()).isEqualTo(photo.getHeight());
        assertThat(turned.json().path("faces").size()).isEqualTo(1);
        SensetimeResponse upright = env.client().detect(env.faces().bytes(Photos.STALLONE), Map.of("auto_rotate", "1"));
        assertThat(upright.json().has("rotate")).as("an upright photo is not turned").isFalse();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "face.detection", code = "OK", section = "参数 (multipart/form-data; file 与其他参数)")
    void credentialsAndOptionsMayTravelInTheMultipartBody() {
        SensetimeResponse response = env.client().multipart("/face/detection", Map.of("user_data", "in the body"),
                Optional.of(env.faces().bytes(Photos.IVAN)));

        assertThat(response.httpStatus()).isEqualTo(200);
        String imageId = response.text("image_id");
        assertThat(env.client().get("/info/image", Map.of("image_id", imageId)).text("user_data")).isEqualTo("in the body");
    }
}
