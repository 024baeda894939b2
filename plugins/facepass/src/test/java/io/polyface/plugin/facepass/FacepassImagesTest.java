package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.toolkit.image.ExifJpegs;
import io.polyface.toolkit.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Ids, formats, the crop rule and EXIF orientation. */
class FacepassImagesTest {
    @Test
    void cropIsTwiceTheRectWithThreeFifthsOfTheExtraHeightAbove() {
        FacepassImages.Rect crop = FacepassImages.cropOf(new FacepassImages.Rect(200, 300, 300, 400), 1000, 1000);
        assertThat(crop).isEqualTo(new FacepassImages.Rect(150, 240, 350, 440));
        FacepassImages.Rect atTheEdge = FacepassImages.cropOf(new FacepassImages.Rect(10, 20, 110, 120), 150, 1000);
        assertThat(atTheEdge).as("cut to the image").isEqualTo(new FacepassImages.Rect(0, 0, 150, 160));
    }

    @Test
    void idsAreTwentyFourCharactersOfUrlSafeBase64AndAnyOfThatShapeIsWellFormed() {
        String token = FacepassIds.FACE_TOKEN.newId();
        assertThat(token).hasSize(24).matches("[A-Za-z0-9_-]{22}==");
        assertThat(FacepassIds.FACE_TOKEN.newId()).isNotEqualTo(token);
        assertThat(FacepassIds.FACE_TOKEN.isWellFormed(token)).isTrue();
        assertThat(FacepassIds.FACE_TOKEN.isWellFormed("GKBj9-19tIjsUVdZQ4eZqQ==")).as("the document's example").isTrue();
        assertThat(FacepassIds.FACE_TOKEN.isWellFormed("GKBj9-19tIjsUVdZQ4eZqQ=")).as("23 characters").isFalse();
        assertThat(FacepassIds.FACE_TOKEN.isWellFormed("GKBj9+19tIjsUVdZQ4eZqQ==")).as("not URL-safe").isFalse();
        assertThat(FacepassIds.FACE_TOKEN.isWellFormed("GKBj9-19tIjsUVdZQ4eZqQAA")).as("no padding").isFalse();
    }

    @Test
    void exifOrientationTurnsSizeAndPixels() throws IOException {
        byte[] plain = FacepassFixture.image("jpg", 40, 20, 1);
        byte[] turned = ExifJpegs.withOrientation(plain, 6);

        assertThat(ImageFiles.exifOrientation(plain)).isEmpty();
        assertThat(ImageFiles.exifOrientation(turned)).hasValue(6);
        FacepassImages.Info info = FacepassImages.inspect(turned).orElseThrow();
        assertThat(info.width()).isEqualTo(20);
        assertThat(info.height()).isEqualTo(40);
        BufferedImage shown = ImageFiles.orient(ImageIO.read(new ByteArrayInputStream(plain)), 6);
        assertThat(shown.getWidth()).isEqualTo(20);
        assertThat(shown.getHeight()).isEqualTo(40);
    }
}
