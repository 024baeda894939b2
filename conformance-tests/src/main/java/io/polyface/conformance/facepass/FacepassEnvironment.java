package io.polyface.conformance.facepass;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.ConformanceRunner;
import io.polyface.conformance.Contract;
import io.polyface.conformance.dmai.Faces;
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
 * The endpoint a FacePass test class talks to, and the clean-up of what it creates.
 *
 * <p>The endpoint is the configuration parameter (or system property) {@code
 * polyface.conformance.base-url}; without it one in-process gateway is started for the whole run.
 * Group names carry a prefix unique to the run (FacePass names are at most 16 characters: {@code
 * cf<4 hex>_<n>}); every group and face a test creates through this class is deleted after the test
 * (or after the class, when created in {@code @BeforeAll}), whether it passed or not.
 *
 * <p>Register one per test class as a static {@code @RegisterExtension} field. Tests of a class run
 * one at a time.
 */
public final class FacepassEnvironment implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final String RUN_PREFIX = "cf" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000)) + "_";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FacepassEnvironment.class);

    private record Scope(List<String> groups, List<String> faces) {
    }

    private final Deque<Scope> scopes = new ArrayDeque<>();
    private FacepassClient client;
    private boolean external;
    private Faces faces;
    private Optional<InProcessGateway> gateway = Optional.empty();
    private static int counter;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> baseUrl = context.getConfigurationParameter(ConformanceRunner.BASE_URL).filter(s -> !s.isBlank());
        external = baseUrl.isPresent();
        if (!external) {
            gateway = Optional.of(context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(InProcessGateway.class, k -> InProcessGateway.start(), InProcessGateway.class));
        }
        String url = baseUrl.orElseGet(() -> gateway.orElseThrow().url());
        Contract contract = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Contract.class, k -> Contract.load("facepass"), Contract.class);
        client = new FacepassClient(url, contract);
        faces = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Faces.class, k -> Faces.fromSystemProperty(), Faces.class);
        scopes.push(new Scope(new ArrayList<>(), new ArrayList<>()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scopes.push(new Scope(new ArrayList<>(), new ArrayList<>()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clean(scopes.pop());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clean(scopes.pop());
    }

    public FacepassClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public Faces faces() {
        return faces;
    }

    /** True when the suite runs against an endpoint given by URL rather than its own gateway. */
    public boolean external() {
        return external;
    }

    /** A fresh group name with the run's prefix; nothing is created. */
    public static synchronized String name() {
        return RUN_PREFIX + (++counter);
    }

    /** Creates a group that is deleted when the current test (or class) ends. */
    public String newGroup() {
        String name = name();
        FacepassResponse created = client.postJson("/api/group/v1/create", Map.of("group_name", name));
        if (created.code() != 0) {
            throw new AssertionError("creating the group " + name + " failed (section 创建Group): " + created.json());
        }
        return trackGroup(name);
    }

    public String trackGroup(String name) {
        requireNonNull(scopes.peek(), "no test is running").groups().add(name);
        return name;
    }

    /** Adds a face that passes the quality gate and deletes it when the current test (or class) ends. */
    public String addFace(String photo) {
        FacepassResponse added = client.postForm("/api/face/v1/add", FacepassClient.Part.file("image", "face.jpg", faces.bytes(photo)));
        if (added.code() != 0) {
            throw new AssertionError("adding " + photo + " failed (section 新增Face): " + added.json());
        }
        return trackFace(added.data().path("face_token").asText());
    }

    public String trackFace(String token) {
        requireNonNull(scopes.peek(), "no test is running").faces().add(token);
        return token;
    }

    private void clean(Scope scope) {
        for (String group : scope.groups()) {
            quietly(() -> client.postJson("/api/group/v1/delete", Map.of("group_name", group)), "group " + group);
        }
        for (String token : scope.faces()) {
            quietly(() -> client.postJson("/api/face/v1/delete", Map.of("face_token", token)), "face " + token);
        }
    }

    private static void quietly(Runnable action, String what) {
        try {
            action.run();
        } catch (AssertionError | RuntimeException e) {
            // Clean-up is best effort: the test's own result matters more than this.
            System.getLogger(FacepassEnvironment.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete the " + what + ": " + e.getMessage());
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
                data = Files.createTempDirectory("polyface-conformance-facepass-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new InProcessGateway(Gateway.start(GatewayOptions.ephemeral(data)), data);
        }

        String url() {
            return gateway.baseUri() + "/facepass";
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
