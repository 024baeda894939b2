package io.polyface.conformance.dmai;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.Contract;
import io.polyface.conformance.ConformanceRunner;
import io.polyface.gateway.Gateway;
import io.polyface.gateway.GatewayOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint a DM-AI test class talks to, and the clean-up of what it creates.
 *
 * <p>The endpoint is the configuration parameter (or system property) {@code
 * polyface.conformance.base-url}; without it one in-process gateway is started for the whole run
 * and stopped when the run ends. Every collection name carries a prefix unique to the run, and
 * every collection created through {@link #newCollection()} or {@link #track(String)} is deleted
 * after the test (or, when created in {@code @BeforeAll}, after the class), whether it passed or
 * not.
 *
 * <p>Register one per test class as a static {@code @RegisterExtension} field. Tests of a class run
 * one at a time.
 */
public final class DmaiEnvironment implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Unique per JVM: collections of parallel or earlier runs never collide with this one's. */
    static final String RUN_PREFIX = "cf_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DmaiEnvironment.class);

    private final Deque<List<String>> scopes = new ArrayDeque<>();
    private DmaiClient client;
    private boolean external;
    private Faces faces;
    private int counter;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> baseUrl = context.getConfigurationParameter(ConformanceRunner.BASE_URL).filter(s -> !s.isBlank());
        external = baseUrl.isPresent();
        String url = baseUrl.orElseGet(() -> context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(InProcessGateway.class, k -> InProcessGateway.start(), InProcessGateway.class)
                .dmaiUrl());
        Contract contract = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Contract.class, k -> Contract.load("dmai"), Contract.class);
        client = new DmaiClient(url, contract);
        faces = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Faces.class, k -> Faces.fromSystemProperty(), Faces.class);
        scopes.push(new ArrayList<>());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scopes.push(new ArrayList<>());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deleteAll(scopes.pop());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        deleteAll(scopes.pop());
    }

    public DmaiClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public Faces faces() {
        return faces;
    }

    /** True when the suite runs against an endpoint given by URL rather than its own gateway. */
    public boolean external() {
        return external;
    }

    /** A fresh name with the run's prefix; nothing is created. */
    public String name(String purpose) {
        return RUN_PREFIX + purpose + "_" + (++counter);
    }

    /** Deletes this collection when the current test (or class, in {@code @BeforeAll}) ends. */
    public String track(String name) {
        requireNonNull(scopes.peek(), "no test is running").add(name);
        return name;
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

    private void deleteAll(List<String> names) {
        for (String name : names) {
            try {
                client.post("/delete/collection", Map.of("collection_name", name));
            } catch (AssertionError | RuntimeException e) {
                // Clean-up is best effort: the test's own result matters more than this.
                System.getLogger(DmaiEnvironment.class.getName()).log(System.Logger.Level.WARNING,
                        "Could not delete the collection " + name + ": " + e.getMessage());
            }
        }
    }

    /** The in-process gateway of a run without a base URL; closed when the run ends. */
    static final class InProcessGateway implements AutoCloseable {
        private final Gateway gateway;
        private final Path dataDirectory;

        private InProcessGateway(Gateway gateway, Path dataDirectory) {
            this.gateway = gateway;
            this.dataDirectory = dataDirectory;
        }

        static InProcessGateway start() {
            Path data;
            try {
                data = Files.createTempDirectory("polyface-conformance-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new InProcessGateway(Gateway.start(GatewayOptions.ephemeral(data)), data);
        }

        String dmaiUrl() {
            return gateway.baseUri() + "/dmai";
        }

        @Override
        public void close() {
            gateway.close();
            deleteTree(dataDirectory);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a run for.
        }
    }
}
