package io.polyface.toolkit.settings;

import static java.util.Objects.requireNonNull;

/**
 * A setting that is missing or cannot be read as its type. An {@link IllegalArgumentException}, which
 * the gateway reports at start-up in one line, prefixed with the plugin's section.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidSettingException(String key, String problem, Throwable cause) {
        super(requireNonNull(key, "key is null") + ": " + requireNonNull(problem, "problem is null"), cause);
        this.key = key;
    }

    /** The key below the plugin's section, as {@link Setting#key()} names it. */
    public String key() {
        return key;
    }
}
