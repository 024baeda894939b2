package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.toolkit.image.ExifJpegs;
import io.polyface.toolkit.image.ImageFiles;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SensetimeImagesTest {

    @Test
    void readsTheExifOrientationAndSwapsSidesForQuarterTurns() {
        byte[] jpeg = TestImages.encode(TestImages.picture(120, 60, TestImages.ALICE), "jpeg");

        assertThat(ImageFiles.exifOrientation(jpeg)).isEmpty();
        assertThat(ImageFiles.exifOrientation(ExifJpegs.withOrientation(jpeg, 6, true))).isEqualTo(OptionalInt.of(6));
        assertThat(ImageFiles.exifOrientation(ExifJpegs.withOrientation(jpeg, 3, false))).isEqualTo(OptionalInt.of(3));
        SensetimeImages.Inspected turned = SensetimeImages.inspect(ExifJpegs.withOrientation(jpeg, 6, false));
        assertThat(turned.width()).isEqualTo(60);
        assertThat(turned.height()).isEqualTo(120);
        assertThat(turned.exifOrientation()).isEqualTo(OptionalInt.of(6));
    }

    @Test
    void detectionReportsTheExifOrientation() {
        SensetimeHarness harness = new SensetimeHarness();
        byte[] jpeg = ExifJpegs.withOrientation(TestImages.encode(TestImages.picture(120, 60, TestImages.ALICE), "jpeg"), 1, true);

        SensetimeHarness.Answer answer = harness.upload("/face/detection", jpeg, java.util.Map.of());

        assertThat(answer.json().path("exif_orientation").asInt()).isEqualTo(1);
    }

    @Test
    void orientationsMapPixelsAsExifDefinesThem() {
        var source = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        source.setRGB(0, 0, 0xFF0000);
        source.setRGB(1, 0, 0x00FF00);

        var cw90 = SensetimeImages.rotateClockwise(source, 1);

        assertThat(cw90.getWidth()).isEqualTo(1);
        assertThat(cw90.getHeight()).isEqualTo(2);
        assertThat(cw90.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(cw90.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(ImageFiles.orient(source, 2).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @Test
    void aCropKeepsTheFaceAndSaysWhereItIs() throws Exception {
        var image = TestImages.picture(400, 300, TestImages.ALICE);

        SensetimeImages.Crop crop = SensetimeImages.cropAround(image, new io.polyface.spi.engine.BoundingBox(100, 50, 80, 60), 0.5);
        var piece = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(crop.png()));

        // 40 px added on every side (half of 80), 160 x 140 px; enlarged to 160 px on its shorter side
        double scale = 160.0 / 140;
        assertThat(piece.getWidth()).isEqualTo((int) Math.round(160 * scale));
        assertThat(piece.getHeight()).isEqualTo(160);
        assertThat(crop.region().x()).isCloseTo(40 * scale, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(crop.region().y()).isCloseTo(40 * scale, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(crop.region().width()).isCloseTo(80 * scale, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCropStopsAtTheImagesEdges() {
        var image = TestImages.picture(400, 300, TestImages.ALICE);

        SensetimeImages.Crop crop = SensetimeImages.cropAround(image, new io.polyface.spi.engine.BoundingBox(0, 0, 300, 200), 0.5);

        assertThat(crop.region().x()).isZero();
        assertThat(crop.region().y()).isZero();
        assertThat(crop.region().width()).isEqualTo(300);
    }
}
