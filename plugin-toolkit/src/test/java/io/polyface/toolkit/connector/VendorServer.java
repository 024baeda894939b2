package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import io.polyface.spi.connector.BackendSignals;
import io.polyface.spi.connector.ConnectorProvider;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.RecordStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WireMock playing a vendor's server for each test of a connector, registered with {@code @RegisterExtension} on an
 * instance field: the server starts before each test, and after it stops and every engine {@link #connect} made is closed.
 */
public final class VendorServer extends WireMockExtension {
    private final String engineName;
    private final ConnectorProvider connector;
    private final List<FaceEngine> engines = new ArrayList<>();

    /**
     * @param engineName the engine's name in the contexts the connector gets
     * @param connector the vendor's connector provider
     */
    public VendorServer(String engineName, ConnectorProvider connector) {
        super(WireMockExtension.newInstance().options(WireMockBackend.loopback()));
        this.engineName = requireNonNull(engineName, "engineName is null");
        this.connector = requireNonNull(connector, "connector is null");
    }

    /** The vendor's connector against this server, as {@link WireMockBackend#context} sets it up. */
    public FaceEngine connect(Map<String, String> settings) {
        return connect(settings, BackendSignals.ignored(), Optional.empty());
    }

    public FaceEngine connect(Map<String, String> settings, BackendSignals signals, Optional<RecordStore> records) {
        FaceEngine engine = connector.connect(WireMockBackend.context(engineName, URI.create(baseUrl()), settings, signals, records));
        engines.add(engine);
        return engine;
    }

    @Override
    protected void onAfterEach(WireMockRuntimeInfo info) {
        engines.forEach(FaceEngine::close);
        engines.clear();
    }
}
