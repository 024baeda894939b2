package io.polyface.toolkit.text;

import static java.util.Objects.requireNonNull;

/**
 * Text a client sent, as dialects bound it: its length counted in characters (code points, so a
 * character outside the BMP counts once), and a short prefix of it to quote in an error message,
 * so that an answer never grows with what the client sent.
 */
public final class ClientText {
    /** The most characters of client input an error message quotes. */
    public static final int ECHO_CHARS = 64;

    private ClientText() {
    }

    /** Whether the text has more than {@code maxChars} characters. */
    public static boolean longerThan(String text, int maxChars) {
        requireNonNull(text, "text is null");
        // A UTF-16 length within the limit is a character count within it; count only the rest.
        return text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars;
    }

    /** The text whole when short, else its first {@value #ECHO_CHARS} UTF-16 units and {@code ...}. */
    public static String echo(String text) {
        requireNonNull(text, "text is null");
        if (text.length() <= ECHO_CHARS) {
            return text;
        }
        // Never cut between the two halves of a surrogate pair.
        int end = Character.isHighSurrogate(text.charAt(ECHO_CHARS - 1)) ? ECHO_CHARS - 1 : ECHO_CHARS;
        return text.substring(0, end) + "...";
    }
}
