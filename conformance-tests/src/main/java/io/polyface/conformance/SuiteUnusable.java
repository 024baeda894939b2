package io.polyface.conformance;

/**
 * Thrown by a dialect's environment when its suite cannot run as the command was given (no
 * {@code --credentials} where the dialect needs them, a credentials file that names no account): a
 * usage error, which the command reports once and exits with status 2, rather than a failure of
 * every test against the endpoint.
 */
public final class SuiteUnusable extends IllegalStateException {
    public SuiteUnusable(String message) {
        super(message);
    }
}
