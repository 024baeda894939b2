package io.polyface.spi.connector;

import io.polyface.spi.engine.FaceEngine;

/**
 * Found with {@link java.util.ServiceLoader}: makes engines that answer the SPI by calling a
 * backend's own HTTP API as a client (another Polyface through the native protocol, or a vendor's
 * server). The remote engine ({@code type: remote}) picks one by {@code connector:} and wraps it with
 * circuit breaking, retries, a bulkhead, a time limit and rate limiting, so a connector does none
 * of that itself: it makes one attempt per call and reports what the backend said.
 *
 * <p>A vendor plugin adds its connector by implementing this interface and listing the class in
 * {@code META-INF/services/io.polyface.spi.connector.ConnectorProvider}.
 */
public interface ConnectorProvider {
    /** The name in configuration ({@code connector: dmai}). */
    String id();

    /**
     * A connected engine. Calls the backend cannot express throw {@link
     * io.polyface.spi.FaceException.Unsupported} naming the backend; transport failures throw {@link
     * io.polyface.spi.FaceException.BackendUnavailable}.
     */
    FaceEngine connect(ConnectorContext context);
}
