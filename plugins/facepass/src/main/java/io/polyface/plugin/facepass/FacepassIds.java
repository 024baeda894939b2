package io.polyface.plugin.facepass;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * {@code face_token} and {@code image_id}: 24 characters as the document shows them, the URL-safe
 * base64 of 16 bytes with its {@code ==} padding (letters, digits, {@code - _ =}). The 16 bytes are
 * 12 random ones and 4 check bytes that depend on the kind of id, so that a token with a typo, or an
 * image_id given as a face_token, is told apart from a well-formed id that names nothing: the
 * document "decrypts" tokens and answers ILLEGAL_ARGUMENT when that fails.
 */
enum FacepassIds {
    FACE_TOKEN("face_token"),
    IMAGE_ID("image_id");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}==");
    private static final int RANDOM_BYTES = 12;

    private final String kind;

    FacepassIds(String kind) {
        this.kind = kind;
    }

    String newId() {
        byte[] bytes = new byte[RANDOM_BYTES + 4];
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 0, RANDOM_BYTES);
        System.arraycopy(check(random), 0, bytes, RANDOM_BYTES, 4);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    /** Whether the text is an id of this kind that the server could have made. */
    boolean isWellFormed(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != RANDOM_BYTES + 4) {
            return false;
        }
        byte[] random = Arrays.copyOf(bytes, RANDOM_BYTES);
        return MessageDigest.isEqual(check(random), Arrays.copyOfRange(bytes, RANDOM_BYTES, RANDOM_BYTES + 4));
    }

    private byte[] check(byte[] random) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.US_ASCII));
            sha.update(random);
            return Arrays.copyOf(sha.digest(), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
