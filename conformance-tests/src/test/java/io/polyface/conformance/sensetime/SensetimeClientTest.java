package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.polyface.conformance.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The suite's client against a fake SenseTime server whose account runs out of calls for a while. */
class SensetimeClientTest {
    private static final Contract CONTRACT = Contract.load("sensetime");
    private static final SensetimeCredentials ACCOUNT = new SensetimeCredentials("account", "secret");

    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer fake;

    /** Refuses the first {@code refusals} calls with RATE_LIMIT_EXCEEDED and this reset, then answers OK. */
    private String fakeServer(int refusals, long resetSeconds) throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            boolean refused = calls.incrementAndGet() <= refusals;
            byte[] body = (refused ? "{\"status\":\"RATE_LIMIT_EXCEEDED\"}" : "{\"status\":\"OK\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-RateLimit-Limit", "1");
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
            exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(resetSeconds));
            exchange.sendResponseHeaders(refused ? 403 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fake.start();
        return "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    @Test
    void aCallRefusedForTheRateLimitIsSentAgainWhenTheWindowHasPassed() throws IOException {
        SensetimeClient client = new SensetimeClient(fakeServer(1, 1), CONTRACT, ACCOUNT);
        long started = System.nanoTime();

        SensetimeResponse response = client.form("/person/delete", Map.of("person_id", "p1"));

        assertThat(response.httpStatus()).isEqualTo(200);
        assertThat(calls).hasValue(2);
        assertThat(System.nanoTime() - started).as("waited out the 1 s window").isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void theRateLimitTestsClientSeesTheRefusal() throws IOException {
        SensetimeClient client = new SensetimeClient(fakeServer(1, 1), CONTRACT, ACCOUNT, false);

        SensetimeResponse response = client.form("/person/delete", Map.of("person_id", "p1"));

        assertThat(response.httpStatus()).isEqualTo(403);
        assertThat(response.json().path("status").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aWindowLongerThanAMinuteIsNotWaitedFor() throws IOException {
        SensetimeClient client = new SensetimeClient(fakeServer(1, 3600), CONTRACT, ACCOUNT);

        SensetimeResponse response = client.form("/person/delete", Map.of("person_id", "p1"));

        assertThat(response.httpStatus()).isEqualTo(403);
        assertThat(calls).hasValue(1);
    }
}
