package io.polyface.toolkit.form;

/**
 * A form body a dialect refuses, with the reason in words a client can act on; each dialect answers
 * it in its vendor's envelope.
 */
public final class MalformedFormException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedFormException(String reason) {
        super(reason);
    }
}
