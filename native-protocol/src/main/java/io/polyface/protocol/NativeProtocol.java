package io.polyface.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The native protocol's fixed points: every {@link NativeCall} is {@code POST /native/v1/<call>}
 * with a JSON object of named arguments, answered by {@code {"result": ...}} or, on failure, by
 * {@code {"error": {...}}} with the failure's type and fields (contract: {@code contract/native-v1.openapi.json}).
 */
public final class NativeProtocol {
    /** The version in the path; a change that breaks clients gets a new one. */
    public static final String VERSION = "v1";
    public static final String PATH_PREFIX = "/native/" + VERSION + "/";
    public static final String CONTENT_TYPE = "application/json";
    /** The shortest bearer token a server accepts (the native protocol's, and the gateway's admin token). */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** The contract on the class path. */
    public static final String CONTRACT_RESOURCE = "contract/native-" + VERSION + ".openapi.json";

    private NativeProtocol() {
    }

    public static String path(NativeCall call) {
        return PATH_PREFIX + call.wireName();
    }

    /**
     * Whether an {@code Authorization} header carries the expected bearer token, compared in
     * constant time (both sides hashed first, so not even the length leaks).
     */
    public static boolean authorized(String authorizationHeader, String expectedToken) {
        if (authorizationHeader == null || expectedToken == null || expectedToken.isEmpty()) {
            return false;
        }
        String prefix = "Bearer ";
        if (authorizationHeader.length() < prefix.length()
                || !authorizationHeader.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        String given = authorizationHeader.substring(prefix.length()).strip();
        return MessageDigest.isEqual(sha256(given), sha256(expectedToken));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
