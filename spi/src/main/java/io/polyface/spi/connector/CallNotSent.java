package io.polyface.spi.connector;

/**
 * The cause of a {@link io.polyface.spi.FaceException.BackendUnavailable} when the call never
 * reached the backend (an open circuit, a full bulkhead, the local rate limit): routing may then
 * send even a write to a failover engine without risk of writing it twice.
 */
public final class CallNotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallNotSent(String message) {
        super(message, null, false, false);
    }
}
