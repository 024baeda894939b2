package io.polyface.toolkit.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor's errors read both ways: every kind of SPI failure its dialect answers, served by WireMock
 * to its connector as the answer to one call, comes back as the kind the vendor's test expects.
 */
public abstract class BaseErrorsRoundTripTest {
    private final Dialect dialect;
    private final List<Trip> trips;
    private final String path;
    private final Consumer<FaceEngine> call;
    private WireMockServer server;
    private FaceEngine connector;

    /**
     * @param dialect the vendor's dialect, which renders the failures
     * @param trips every failure to render, where, and the kind it comes back as
     * @param path the path of the vendor call that {@code call} makes (a POST), answered with each failure
     * @param call one call of the connector
     */
    protected BaseErrorsRoundTripTest(Dialect dialect, List<Trip> trips, String path, Consumer<FaceEngine> call) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.trips = List.copyOf(trips);
        this.path = requireNonNull(path, "path is null");
        this.call = requireNonNull(call, "call is null");
    }

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

    /** The vendor's connector against the server. */
    protected abstract FaceEngine connect(WireMockServer server);

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
        for (Trip trip : trips) {
            Operation operation = dialect.operations().stream().filter(o -> operationKey(o).equals(trip.operation()))
                    .findFirst().orElseThrow();
            DialectResponse answer = dialect.renderError(trip.rendered(), operation);
            server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", answer.contentType()).withBody(answer.body())));

            Throwable readBack = catchThrowable(() -> call.accept(connector));

            assertThat(readBack).as("%s rendered for %s", trip.rendered(), trip.operation()).isInstanceOf(trip.readBack());
        }
    }
}
