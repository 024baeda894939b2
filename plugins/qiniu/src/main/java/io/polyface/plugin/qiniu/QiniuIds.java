package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;
import java.security.SecureRandom;

/**
 * Image ids: the caller's own (the document suggests the business system's URL or file path), or,
 * when empty, twelve random URL-safe characters like the document's {@code AAAO054X4wzh}.
 */
final class QiniuIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private QiniuIds() {
    }

    static String generate() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    static String check(String id) {
        QiniuLimits.id("image.id", id);
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new FaceException.InvalidArgument("image.id", "image.id must not hold control characters");
            }
        }
        return id;
    }
}
