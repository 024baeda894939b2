package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.polyface.gateway.StubDialect;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code admin.token} set, the journal and {@code /admin} answer only its bearers, as every
 * admin path does; the index at {@code /} stays public. A dialect without a contract is listed
 * without one.
 */
class IntegrationSupportAccessTest {
    private static final String TOKEN = "an-admin-token-of-some-length";

    /** A dialect with one operation and no contract on the class path. */
    private static final Dialect PING = new StubDialect("ping", List.of(
            new Operation("ping", Set.of("GET"), "/ping", r -> DialectResponse.json(200, "{\"pong\":true}"))));

    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        List<Dialect> dialects = List.of(PING);
        IntegrationSupport support = new IntegrationSupport(dialects,
                new RequestJournal(new RequestJournal.Settings(10, 4096), Clock.systemUTC()));
        AdminAccess admin = new AdminAccess(Optional.of(TOKEN));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> {
                    support.register(r, admin);
                    r.any("/ping/*", new DialectEndpoint(dialects.getFirst(), "/ping", 1 << 20, RequestMetrics.global(),
                            support.journal()));
                })
                .build().start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theJournalAndTheAdminIndexNeedTheTokenAndTheRootDoesNot() throws Exception {
        assertThat(send("GET", "/ping/ping", Optional.empty()).statusCode()).isEqualTo(200);

        assertThat(send("GET", "/admin/requests", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/admin/requests", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/requests", Optional.of("not-" + TOKEN)).statusCode()).isEqualTo(401);

        HttpResponse<String> journal = send("GET", "/admin/requests", Optional.of(TOKEN));
        assertThat(journal.statusCode()).isEqualTo(200);
        assertThat(journal.body()).contains("\"path\" : \"/ping/ping\"");
        assertThat(send("GET", "/admin", Optional.of(TOKEN)).statusCode()).isEqualTo(200);

        HttpResponse<String> root = send("GET", "/", Optional.empty());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("\"id\" : \"ping\"").doesNotContain("\"yaml\" : \"/ping/openapi.yaml\"");
        assertThat(send("GET", "/ping/openapi.yaml", Optional.empty()).statusCode()).as("no contract, the dialect's own 404")
                .isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
