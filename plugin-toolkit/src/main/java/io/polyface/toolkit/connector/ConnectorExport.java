package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FeatureVersion;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The skeleton of a {@link VendorExport} read through a vendor's connector: the engine's name,
 * feature version and health are the connector's, and so is the one tenant it serves: another
 * tenant has no collections and no records. The export reads the vendor's server with a client of
 * its own, closed with the connector.
 *
 * @param <C> the vendor's connector, whose calls and failure mapping the export uses too
 */
public abstract class ConnectorExport<C extends VendorConnector> implements VendorExport {
    private final C connector;
    private final Runnable closeClient;

    /**
     * @param connector maps the server's failures, answers health and names the tenant
     * @param closeClient closes the client the export reads the server with
     */
    protected ConnectorExport(C connector, Runnable closeClient) {
        this.connector = requireNonNull(connector, "connector is null");
        this.closeClient = requireNonNull(closeClient, "closeClient is null");
    }

    /** The vendor's connector: its calls and failures serve the export too. */
    protected final C connector() {
        return connector;
    }

    /** The one tenant the server's account is exported to. */
    protected final String tenant() {
        return connector.tenant();
    }

    protected final boolean serves(String requested) {
        return connector.serves(requested);
    }

    protected final void checkTenant(String requested) {
        connector.checkTenant(requested);
    }

    @Override
    public final List<CollectionInfo> collections(String tenant) {
        return serves(tenant) ? accountCollections() : List.of();
    }

    @Override
    public final Optional<CollectionInfo> collection(CollectionRef ref) {
        return serves(ref.tenant()) ? accountCollection(ref.name()) : Optional.empty();
    }

    @Override
    public final SortedMap<String, String> records(String tenant, String kind) {
        return serves(tenant) ? accountRecords(kind) : new TreeMap<>();
    }

    /** The account's collections, as the dialect keeps them. */
    protected abstract List<CollectionInfo> accountCollections();

    /** The account's collection of this name, as the dialect keeps it; empty when there is none. */
    protected abstract Optional<CollectionInfo> accountCollection(String name);

    /** The dialect's records of a kind, by key, as the account's data makes them; none of a kind it does not keep. */
    protected abstract SortedMap<String, String> accountRecords(String kind);

    @Override
    public final String apiName() {
        return connector.apiName();
    }

    @Override
    public final String name() {
        return connector.name();
    }

    @Override
    public final String featureVersion() {
        return connector.featureVersion();
    }

    @Override
    public final List<FeatureVersion> featureVersions() {
        return connector.featureVersions();
    }

    @Override
    public final EngineHealth health() {
        return connector.health();
    }

    @Override
    public void close() {
        try {
            closeClient.run();
        } finally {
            connector.close();
        }
    }
}
