package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image descriptor on real photos of the shared set: copies (re-encoded, resized, cropped) score
 * above Qiniu's recommended 0.3 and near 1, other photos below it.
 */
class PerceptualImageDescriptorTest {
    private static final PerceptualImageDescriptor DESCRIPTOR = PerceptualImageDescriptor.withDefaults();
    private static final String[] PHOTOS = {
        "obama/facerec_obama.jpg", "biden/facerec_biden.jpg", "angelina/deepface_img5.jpg", "scarlett/deepface_img50.jpg",
        "jennifer/deepface_img12.jpg", "multi/faceapijs_bbt5.jpg", "nonface/mtcnn_no-faces.jpg", "stallone/ifrest_Stallone.jpg",
    };
    private static final List<byte[]> BYTES = new ArrayList<>();

    @BeforeAll
    static void readPhotos() throws IOException {
        Path faces = Path.of(System.getProperty("polyface.faces", "../../../shared/faces"));
        for (String photo : PHOTOS) {
            BYTES.add(Files.readAllBytes(faces.resolve(photo)));
        }
    }

    private static BufferedImage image(byte[] bytes) throws IOException {
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes));
        BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(read, 0, 0, null);
        return rgb;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
        return bytes.toByteArray();
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int w = (int) (image.getWidth() * factor);
        int h = (int) (image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(image, 0, 0, w, h, null);
        return out;
    }

    private static BufferedImage cropped(BufferedImage image, double fraction, double fx, double fy) {
        int w = (int) (image.getWidth() * fraction);
        int h = (int) (image.getHeight() * fraction);
        BufferedImage sub = image.getSubimage((int) ((image.getWidth() - w) * fx), (int) ((image.getHeight() - h) * fy), w, h);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(sub, 0, 0, null);
        return out;
    }

    private static double score(byte[] a, byte[] b) {
        return DESCRIPTOR.similarity(DESCRIPTOR.describe(a), DESCRIPTOR.describe(b));
    }

    @Test
    void theSameImageScoresOne() {
        for (byte[] photo : BYTES) {
            assertThat(score(photo, photo)).isEqualTo(1.0);
        }
    }

    @Test
    void copiesScoreHigh() throws IOException {
        for (byte[] photo : BYTES) {
            BufferedImage image = image(photo);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            assertThat(score(photo, png.toByteArray())).as("re-encoded as PNG").isGreaterThan(0.95);
            assertThat(score(photo, jpeg(image, 0.3f))).as("JPEG quality 30").isGreaterThan(0.8);
            assertThat(score(photo, jpeg(scaled(image, 0.5), 0.9f))).as("half size").isGreaterThan(0.8);
            assertThat(score(photo, jpeg(scaled(image, 0.25), 0.8f))).as("quarter size").isGreaterThan(0.6);
            assertThat(score(photo, jpeg(cropped(image, 0.8, 0.5, 0.5), 0.9f))).as("central 80%").isGreaterThan(0.8);
            assertThat(score(jpeg(cropped(image, 0.8, 0, 1), 0.9f), photo)).as("a corner 80%, either way round").isGreaterThan(0.8);
            assertThat(score(photo, jpeg(cropped(image, 0.7, 0.1, 0.2), 0.9f))).as("70% off centre").isGreaterThan(0.3);
        }
    }

    @Test
    void otherPhotosScoreUnderTheRecommendedThreshold() {
        for (int i = 0; i < BYTES.size(); i++) {
            for (int j = i + 1; j < BYTES.size(); j++) {
                assertThat(score(BYTES.get(i), BYTES.get(j))).as(PHOTOS[i] + " vs " + PHOTOS[j]).isLessThan(0.3);
            }
        }
    }

    @Test
    void whatIsNotAnImageIsRefused() {
        assertThatThrownBy(() -> DESCRIPTOR.describe("hello".getBytes())).isInstanceOf(FaceException.UndecodableImage.class);
        byte[] truncated = java.util.Arrays.copyOf(BYTES.getFirst(), 600);
        assertThatThrownBy(() -> DESCRIPTOR.describe(truncated)).isInstanceOf(FaceException.UndecodableImage.class);
    }
}
