package io.polyface.spi.dialect;

import io.polyface.spi.FaceException;
import java.util.List;

/**
 * A vendor's HTTP API: its operations, and the one place where failures become the vendor's
 * envelope.
 */
public interface Dialect {

    String id();

    /** Every operation, with the vendor's exact paths. */
    List<Operation> operations();

    /**
     * Renders a failure in the vendor's envelope. Operations may throw any {@link FaceException};
     * the gateway brings it here.
     */
    DialectResponse renderError(FaceException failure, Operation operation);

    /** Answer for a path this dialect does not have, in the vendor's envelope. */
    DialectResponse renderUnknownPath(DialectRequest request);
}
