package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void wideImageFillsTheWidth() {
        Letterbox l = Letterbox.of(640, 240, 320, 240);
        assertThat(l.scale()).isEqualTo(0.5);
        assertThat(l.scaledWidth()).isEqualTo(320);
        assertThat(l.scaledHeight()).isEqualTo(120);
    }

    @Test
    void tallImageFillsTheHeight() {
        Letterbox l = Letterbox.of(626, 1200, 320, 240);
        assertThat(l.scale()).isCloseTo(0.2, within(1e-12));
        assertThat(l.scaledWidth()).isEqualTo(125);
        assertThat(l.scaledHeight()).isEqualTo(240);
    }

    @Test
    void smallImageIsScaledUp() {
        Letterbox l = Letterbox.of(150, 150, 320, 240);
        assertThat(l.scale()).isEqualTo(1.6);
        assertThat(l.scaledWidth()).isEqualTo(240);
        assertThat(l.scaledHeight()).isEqualTo(240);
    }

    @Test
    void normalisedInputCoordinatesMapBackToImagePixels() {
        Letterbox l = Letterbox.of(1000, 500, 320, 240);
        // scale 0.32: the image covers 320x160 of the input, the lower 80 rows are padding
        assertThat(l.imageX(1.0)).isCloseTo(1000, within(1e-9));
        assertThat(l.imageY(160.0 / 240)).isCloseTo(500, within(1e-9));
        assertThat(l.imageX(0.5)).isCloseTo(500, within(1e-9));
        assertThat(l.imageY(0)).isZero();
    }

    @Test
    void extremeAspectKeepsAtLeastOnePixel() {
        Letterbox l = Letterbox.of(10_000, 1, 320, 240);
        assertThat(l.scaledWidth()).isEqualTo(320);
        assertThat(l.scaledHeight()).isEqualTo(1);
    }

    @Test
    void rejectsEmptyImages() {
        assertThatThrownBy(() -> Letterbox.of(0, 10, 320, 240)).isInstanceOf(IllegalArgumentException.class);
    }
}
