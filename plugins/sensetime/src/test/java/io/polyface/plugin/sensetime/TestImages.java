package io.polyface.plugin.sensetime;

import io.polyface.engine.testing.TestPictures;
import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * The people of the SenseTime tests, as {@link TestPictures} the in-memory engine reads: the
 * colour at the centre is the person, black is no face, and a white block at the top-left corner
 * marks "up".
 */
final class TestImages {
    static final Color ALICE = new Color(200, 30, 30);
    static final Color ALICE_AGAIN = new Color(205, 40, 30);
    static final Color BOB = new Color(30, 200, 30);
    static final Color CAROL = new Color(30, 30, 200);
    static final Color CAROL_AGAIN = new Color(40, 35, 205);
    static final Color NOBODY = TestPictures.NOBODY;

    private TestImages() {
    }

    static BufferedImage picture(int width, int height, Color person) {
        return TestPictures.picture(width, height, person);
    }

    /** Two people side by side, {@code left} in the left half and {@code right} in the right. */
    static byte[] pair(Color left, Color right) {
        return TestPictures.pair(left, right);
    }

    static byte[] encode(BufferedImage image, String format) {
        return TestPictures.encode(image, format);
    }

    static byte[] png(int width, int height, Color person) {
        return TestPictures.png(width, height, person);
    }

    static byte[] png(Color person) {
        return TestPictures.png(person);
    }
}
