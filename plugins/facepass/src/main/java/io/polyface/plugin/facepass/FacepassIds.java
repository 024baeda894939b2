package io.polyface.plugin.facepass;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * {@code face_token} and {@code image_id}: 24 characters as the document shows them, the URL-safe
 * base64 of 16 random bytes with its {@code ==} padding (letters, digits, {@code - _ =}).
 *
 * <p>The document's server "decrypts" a token and answers ILLEGAL_ARGUMENT when that fails; any
 * value of this shape decodes, so only a value of another shape is illegal. A well-formed token
 * that names nothing (the document's own example tokens, a deleted face's, a real server's) is the
 * operation's not-exist code, never ILLEGAL_ARGUMENT.
 */
enum FacepassIds {
    FACE_TOKEN,
    IMAGE_ID;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}==");
    private static final int BYTES = 16;

    String newId() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    /** Whether the text has the shape of an id (24 characters, 16 bytes in URL-safe base64). */
    boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }
}
