package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LetterboxTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a wide image fills the width,   640,  240, 0.5, 320, 120",
        "a tall image fills the height,  626, 1200, 0.2, 125, 240",
        "a small image is scaled up,     150,  150, 1.6, 240, 240"})
    void theImageIsScaledToFitTheInput(String what, int width, int height, double scale, int scaledWidth, int scaledHeight) {
        Letterbox l = Letterbox.of(width, height, 320, 240);
        assertThat(l.scale()).isCloseTo(scale, within(1e-12));
        assertThat(l.scaledWidth()).isEqualTo(scaledWidth);
        assertThat(l.scaledHeight()).isEqualTo(scaledHeight);
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
