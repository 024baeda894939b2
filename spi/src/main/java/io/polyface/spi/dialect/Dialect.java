package io.polyface.spi.dialect;

import io.polyface.spi.FaceException;
import java.util.List;
import java.util.Set;

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

    /**
     * The tenants this dialect's configured credentials act for (Qiniu's access keys, SenseTime's
     * api_ids), beyond the default tenant the gateway gives it. A tenant that only a request names
     * (Qiniu's trusted stub uid) is not among them. {@code POST /admin/reset?dialect=} erases these.
     */
    default Set<String> credentialTenants() {
        return Set.of();
    }

    /**
     * Everything the tenant held on the engines was erased ({@code POST /admin/reset}): forget what
     * this dialect keeps in memory about it (caches of what exists, rate-limit windows), so that the
     * tenant starts afresh. Called once per erased tenant, on any thread.
     */
    default void tenantErased(String tenant) {
    }
}
