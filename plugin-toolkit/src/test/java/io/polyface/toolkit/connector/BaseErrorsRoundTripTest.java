package io.polyface.toolkit.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor's errors read both ways: every kind of SPI failure its dialect answers, served by WireMock
 * to its connector as the answer to one call, comes back as the kind the vendor's test expects.
 */
public abstract class BaseErrorsRoundTripTest {
    private WireMockServer server;
    private FaceEngine connector;

    /**
     * A failure the dialect renders while serving an operation, and the kind the connector reads back.
     *
     * @param operation the operation as {@link #operationKey} names it
     */
    protected record Trip(FaceException rendered, String operation, Class<? extends FaceException> readBack) {
        public Trip {
            requireNonNull(rendered, "rendered is null");
            requireNonNull(operation, "operation is null");
            requireNonNull(readBack, "readBack is null");
        }
    }

    /** A trip whose failure comes back as its own kind. */
    protected static Trip same(FaceException rendered, String operation) {
        return new Trip(rendered, operation, rendered.getClass());
    }

    /** Every failure to render, where, and the kind it comes back as. */
    protected abstract List<Trip> trips();

    /** The vendor's dialect, which renders the failures. */
    protected abstract Dialect dialect();

    /** The vendor's connector against the server. */
    protected abstract FaceEngine connect(WireMockServer server);

    /** The vendor call that {@link #call} makes, to be answered with each failure. */
    protected abstract MappingBuilder answered();

    /** Makes one call of the connector, which reaches the server as {@link #answered()}. */
    protected abstract void call(FaceEngine connector);

    /** How a {@link Trip} names an operation; by default by its name. */
    protected String operationKey(Operation operation) {
        return operation.name();
    }

    @BeforeEach
    void start() {
        server = WireMockBackend.start();
        connector = connect(server);
    }

    @AfterEach
    void stop() {
        connector.close();
        server.stop();
    }

    @Test
    void everyFailureTheDialectAnswersComesBackAsItsKind() {
        Dialect dialect = dialect();
        for (Trip trip : trips()) {
            Operation operation = dialect.operations().stream().filter(o -> operationKey(o).equals(trip.operation()))
                    .findFirst().orElseThrow();
            DialectResponse answer = dialect.renderError(trip.rendered(), operation);
            server.stubFor(answered().willReturn(aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", answer.contentType()).withBody(answer.body())));

            Throwable readBack = catchThrowable(() -> call(connector));

            assertThat(readBack).as("%s rendered for %s", trip.rendered(), trip.operation()).isInstanceOf(trip.readBack());
        }
    }
}
