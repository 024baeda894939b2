package io.polyface.spi.dialect;

import io.polyface.spi.FaceException;

/** Handles one request of an operation. */
@FunctionalInterface
public interface OperationHandler {
    /**
     * @throws FaceException for any failure; the dialect renders it
     */
    DialectResponse handle(DialectRequest request);
}
