package io.polyface.engine.local.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Random ids for faces and images: 24 lower-case hex characters, safe in URLs and paths. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");

    private Ids() {
    }

    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether a caller's id could be one of ours; anything else cannot name a stored object. */
    public static boolean isWellFormed(String id) {
        return ID.matcher(id).matches();
    }
}
