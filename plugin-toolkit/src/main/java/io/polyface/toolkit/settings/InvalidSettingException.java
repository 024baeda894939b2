package io.polyface.toolkit.settings;

import static java.util.Objects.requireNonNull;

/**
 * A setting that is missing or cannot be read as its type. An {@link IllegalArgumentException}, which
 * the gateway reports at start-up in one line (a dialect's prefixed with its section).
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    InvalidSettingException(String key, String problem, Throwable cause) {
        this(key, key, problem, cause);
    }

    private InvalidSettingException(String key, String name, String problem, Throwable cause) {
        super(requireNonNull(name, "name is null") + ": " + requireNonNull(problem, "problem is null"), cause);
        this.key = requireNonNull(key, "key is null");
        this.problem = problem;
    }

    /** The key below the plugin's section, as {@link Setting#key()} names it. */
    public String key() {
        return key;
    }

    /** The same problem, the key named in full: {@code engines.backup.} and the key. */
    InvalidSettingException inSection(String section) {
        return new InvalidSettingException(key, section + key, problem, getCause());
    }
}
