package io.polyface.gateway.internal;

import io.polyface.gateway.internal.StartupException;

/** Start-up cannot go on; the message says what is wrong and how to fix it. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
