package io.polyface.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote engine whose backend (WireMock) fails with 503, behind a route with a failover engine:
 * reads are answered by the failover engine at once; a write the backend received is not sent
 * anywhere else; once the breaker is open, writes are not sent to the backend at all and the
 * failover engine takes them. WireMock's request log proves that no write reached it twice.
 */
class BreakerFailoverTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer backend;

    @TempDir
    Path data;

    @BeforeEach
    void startBackend() {
        backend = GatewayFixtures.startDownBackend();
    }

    @AfterEach
    void stopBackend() {
        backend.stop();
    }

    @Test
    void theBreakerOpensAndTheFailoverEngineAnswersWithoutAnyWriteMadeTwice() throws Exception {
        String remote = "remote-" + UUID.randomUUID().toString().substring(0, 6);
        String spare = "spare-" + UUID.randomUUID().toString().substring(0, 6);
        String config = """
                engines:
                  local:
                    enabled: false
                  %s:
                    type: remote
                    connector: polyface
                    base-url: %s
                    token: not-a-real-token-but-long
                    retry:
                      max-attempts: 2
                      backoff: 10ms
                    breaker:
                      window: 3
                      minimum-calls: 3
                      open-for: 60s
                  %s:
                    type: fake
                routing:
                  default-engine: %s
                routes:
                  - {dialect: dmai, engine: %s, failover: %s}
                """.formatted(remote, backend.baseUrl(), spare, spare, remote, spare);
        try (Gateway gateway = GatewayFixtures.start(data, config)) {
            URI base = gateway.baseUri();
            // A write the backend received and failed: not repeated, not sent elsewhere. DM-AI says 1001.
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"first\"}").get("err_code").asInt()).isEqualTo(1001);
            assertThat(backend.countRequestsMatching(postRequestedFor(urlEqualTo("/native/v1/createCollection")).build()).getCount())
                    .isEqualTo(1);

            // Reads are retried (two attempts each), then answered by the failover engine.
            JsonNode status = post(base, "/collection/status", "{\"collection_name\":[]}");
            assertThat(status.get("err_code").asInt()).isZero();
            assertThat(backend.countRequestsMatching(postRequestedFor(urlEqualTo("/native/v1/collections")).build()).getCount())
                    .isEqualTo(2);

            // The breaker has seen three failures in three calls and is open: this write never reaches the backend,
            // so the failover engine takes it.
            assertThat(post(base, "/create/collection", "{\"collection_name\":\"second\"}").get("err_code").asInt()).isZero();
            assertThat(backend.countRequestsMatching(postRequestedFor(urlEqualTo("/native/v1/createCollection")).build()).getCount())
                    .isEqualTo(1);
            assertThat(FakeEngineProvider.calls(spare, "createCollection")).isEqualTo(1);

            String metrics = text(base, "/observe/metrics");
            assertThat(metrics).containsPattern("polyface_remote_breaker_state\\{[^}]*engine=\"" + remote + "\"[^}]*\\} 1.0");
            assertThat(metrics).containsPattern("polyface_remote_calls_total\\{[^}]*call=\"createCollection\"[^}]*engine=\""
                    + remote + "\"[^}]*outcome=\"rejected_by_breaker\"[^}]*\\} 1.0");
            assertThat(metrics).containsPattern("polyface_failovers_total\\{[^}]*call=\"createCollection\"");
            assertThat(text(base, "/observe/health/ready")).contains("OPEN");
        }
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        return GatewayFixtures.postJson(http, base.resolve(GatewayFixtures.DMAI + path), body);
    }

    private String text(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
