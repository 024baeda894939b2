package io.polyface.toolkit.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.polyface.spi.connector.BackendSignals;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.RecordStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** WireMock playing a vendor's server for a connector's tests, its JSON answers, and the context a connector gets against it. */
public final class WireMockBackend {
    private WireMockBackend() {
    }

    /** A server on a free loopback port, started; the test stops it. */
    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(loopback());
        server.start();
        return server;
    }

    /** A server's options: a free port on the loopback address. */
    static WireMockConfiguration loopback() {
        return options().dynamicPort().bindAddress("127.0.0.1");
    }

    /** An answer of the server: the status, and the body as JSON. */
    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A context against the server: five seconds a call, the system clock, nobody listening to signals, no database. */
    public static ConnectorContext context(String engineName, WireMockServer server, Map<String, String> settings) {
        return context(engineName, server, settings, BackendSignals.ignored(), Optional.empty());
    }

    public static ConnectorContext context(String engineName, WireMockServer server, Map<String, String> settings,
            BackendSignals signals, Optional<RecordStore> records) {
        return context(engineName, URI.create(server.baseUrl()), settings, signals, records);
    }

    static ConnectorContext context(String engineName, URI baseUrl, Map<String, String> settings, BackendSignals signals,
            Optional<RecordStore> records) {
        return new ConnectorContext(engineName, baseUrl, settings, Duration.ofSeconds(5), Clock.systemUTC(), signals, records);
    }
}
