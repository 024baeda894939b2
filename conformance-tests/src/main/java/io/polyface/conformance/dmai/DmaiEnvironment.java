package io.polyface.conformance.dmai;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.DialectEnvironment;
import io.polyface.conformance.Faces;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint a DM-AI test class talks to, and the clean-up of what it creates.
 *
 * <p>Without a base URL one in-process gateway is started for the whole run and stopped when the
 * run ends. Every collection name carries a prefix unique to the run, and every collection created
 * through {@link #newCollection()} or {@link #track(String)} is deleted after the test (or, when
 * created in {@code @BeforeAll}, after the class), whether it passed or not.
 */
public final class DmaiEnvironment extends DialectEnvironment<String> {
    /** Unique per JVM: collections of parallel or earlier runs never collide with this one's. */
    static final String RUN_PREFIX = "cf_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";

    private DmaiClient client;
    private Faces faces;
    private int counter;

    @Override
    protected void connect(ExtensionContext context, Optional<String> baseUrl) {
        client = new DmaiClient(urlOrInProcessGateway(context, baseUrl, "dmai", "polyface-conformance-"), contract(context, "dmai"));
        faces = shared(context, Faces.class, Faces::fromSystemProperty);
    }

    public DmaiClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public Faces faces() {
        return faces;
    }

    /** A fresh name with the run's prefix; nothing is created. */
    public String name(String purpose) {
        return RUN_PREFIX + purpose + "_" + (++counter);
    }

    /** Deletes this collection when the current test (or class, in {@code @BeforeAll}) ends. */
    public String track(String name) {
        return deleteLater(name);
    }

    /** Creates a collection that is deleted when the current test (or class) ends. */
    public String newCollection() {
        String name = track(name("col"));
        DmaiResponse created = client.post("/create/collection", Map.of("collection_name", name));
        if (created.errCode() != 0) {
            throw new AssertionError("creating the collection " + name + " failed (section 2.1): " + created.json());
        }
        return name;
    }

    @Override
    protected void delete(String collection) {
        client.post("/delete/collection", Map.of("collection_name", collection));
    }

    @Override
    protected String describeDeletion(String collection) {
        return "delete the collection " + collection;
    }
}
