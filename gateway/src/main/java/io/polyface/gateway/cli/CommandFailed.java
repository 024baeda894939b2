package io.polyface.gateway.cli;

/** A command ran and failed; the message says what to do. */
public final class CommandFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailed(String message, Throwable cause) {
        super(message, cause);
    }

    public CommandFailed(String message) {
        super(message);
    }
}
