package io.polyface.plugin.sensetime;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Pictures {@link FakeFaceEngine} understands: the colour at the centre is the person, black is no
 * face, and a white block at the top-left corner marks "up".
 */
final class TestImages {
    static final Color ALICE = new Color(200, 30, 30);
    static final Color ALICE_AGAIN = new Color(205, 40, 30);
    static final Color BOB = new Color(30, 200, 30);
    static final Color CAROL = new Color(30, 30, 200);
    static final Color CAROL_AGAIN = new Color(40, 35, 205);
    static final Color NOBODY = Color.BLACK;
    /** The grey column between the two people of {@link #pair}. */
    static final int PAIR_DIVIDER = 0x808080;

    private TestImages() {
    }

    static BufferedImage picture(int width, int height, Color person) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(person);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, Math.min(16, width / 4), Math.min(16, height / 4));
        g.dispose();
        return image;
    }

    /** Two people side by side, {@code left} in the left half and {@code right} in the right. */
    static byte[] pair(Color left, Color right) {
        BufferedImage image = picture(200, 100, left);
        Graphics2D g = image.createGraphics();
        g.setColor(right);
        g.fillRect(100, 0, 100, 100);
        g.setColor(new Color(PAIR_DIVIDER));
        g.fillRect(95, 0, 10, 100);
        g.dispose();
        return encode(image, "png");
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(int width, int height, Color person) {
        return encode(picture(width, height, person), "png");
    }

    static byte[] png(Color person) {
        return png(120, 100, person);
    }
}
