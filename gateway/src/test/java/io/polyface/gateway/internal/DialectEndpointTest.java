package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.polyface.gateway.Gateway;
import io.polyface.gateway.StubDialect;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a dialect is told about a request: the path below its prefix, and the raw target the client sent. */
class DialectEndpointTest {

    /** Answers "path|rawTarget|rawPath|rawQuery" for every GET below it. */
    private static final Dialect ECHO = new StubDialect("echo", List.of(
            new Operation("echo", Set.of("GET"), "/v1/{name}/items", DialectEndpointTest::echo)));

    private static DialectResponse echo(DialectRequest r) {
        return DialectResponse.json(200, r.path() + "|" + r.rawTarget() + "|" + r.rawPath() + "|" + r.rawQuery().orElse("-"));
    }

    @Test
    void theRawTargetKeepsTheMountPrefixTheEscapesAndTheQuery() throws Exception {
        WebServer server = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> Gateway.routing(r, List.of(ECHO), 1 << 20, RequestMetrics.global()))
                .build().start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            String withQuery = http.send(HttpRequest.newBuilder(URI.create(base + "/echo/v1/a%20b/items?tag=x%2By&marker=")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(withQuery).isEqualTo("/v1/a b/items|/echo/v1/a%20b/items?tag=x%2By&marker=|/echo/v1/a%20b/items|tag=x%2By&marker=");
            String without = http.send(HttpRequest.newBuilder(URI.create(base + "/echo/v1/n/items")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(without).isEqualTo("/v1/n/items|/echo/v1/n/items|/echo/v1/n/items|-");
        } finally {
            server.stop();
        }
    }
}
