package io.polyface.toolkit.dialect;

import static java.util.Objects.requireNonNull;

/**
 * Client input quoted in a dialect's error message (an id, a group name, a parameter name): at most
 * {@value #MAX_CHARS} characters of it, then {@code ...}, so an answer never grows with what the
 * client sent.
 */
public final class InputEcho {
    public static final int MAX_CHARS = 64;

    private InputEcho() {
    }

    public static String of(String input) {
        requireNonNull(input, "input is null");
        if (input.length() <= MAX_CHARS) {
            return input;
        }
        // Never cut between the two halves of a surrogate pair.
        int end = Character.isHighSurrogate(input.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return input.substring(0, end) + "...";
    }
}
