package io.polyface.gateway;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.util.List;

/**
 * A dialect of the operations a test gives it, for tests of what the gateway does around any
 * dialect: a failure answers 500 and an unknown path 404, each with a small JSON body.
 */
public record StubDialect(String id, List<Operation> operations) implements Dialect {
    public StubDialect {
        requireNonNull(id, "id is null");
        operations = List.copyOf(operations);
    }

    @Override
    public DialectResponse renderError(FaceException failure, Operation operation) {
        return DialectResponse.json(500, "{\"error\":\"" + failure.getClass().getSimpleName() + "\"}");
    }

    @Override
    public DialectResponse renderUnknownPath(DialectRequest request) {
        return DialectResponse.json(404, "{\"error\":\"unknown\"}");
    }
}
