package io.polyface.conformance.qiniu;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.polyface.conformance.ConformanceRunner;
import io.polyface.conformance.Contract;
import io.polyface.conformance.dmai.Faces;
import io.polyface.gateway.Gateway;
import io.polyface.gateway.GatewayOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint a Qiniu test class talks to, its credentials, and the clean-up of the groups it
 * creates.
 *
 * <p>With {@code polyface.conformance.base-url} the suite runs against that endpoint, signing with
 * the key in the credentials file ({@code access-key=...}, {@code secret-key=...}). Without it one
 * in-process gateway is started for the run, with a generated key, {@code 127.0.0.1} allowed for
 * image URLs (the suite serves its photos there) and data URIs limited to 4 MiB. Every group name
 * carries a prefix unique to the run and is removed after the test (or class) that created it.
 */
public final class QiniuEnvironment implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final String RUN_PREFIX = "cf" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QiniuEnvironment.class);
    static final long MAX_IMAGE_BYTES = 4L << 20;

    private final Deque<List<String[]>> scopes = new ArrayDeque<>();
    private QiniuClient client;
    private boolean external;
    private Faces faces;
    private PhotoServer photos;
    private int counter;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> baseUrl = context.getConfigurationParameter(ConformanceRunner.BASE_URL).filter(s -> !s.isBlank());
        external = baseUrl.isPresent();
        faces = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Faces.class, k -> Faces.fromSystemProperty(), Faces.class);
        Contract contract = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Contract.class, k -> Contract.load("qiniu"), Contract.class);
        if (external) {
            Optional<QiniuClient.Key> key = context.getConfigurationParameter(ConformanceRunner.CREDENTIALS).map(QiniuEnvironment::readKey);
            client = new QiniuClient(baseUrl.get(), contract, key);
        } else {
            InProcessGateway gateway = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(InProcessGateway.class, k -> InProcessGateway.start(), InProcessGateway.class);
            client = new QiniuClient(gateway.qiniuUrl(), contract, Optional.of(InProcessGateway.KEY));
        }
        photos = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PhotoServer.class, k -> PhotoServer.start(faces), PhotoServer.class);
        scopes.push(new ArrayList<>());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scopes.push(new ArrayList<>());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        removeAll(scopes.pop());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        removeAll(scopes.pop());
    }

    public QiniuClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public boolean external() {
        return external;
    }

    public Faces faces() {
        return faces;
    }

    /** A photo as a data URI, as the document's example writes it. */
    public String data(String photo) {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(faces.bytes(photo));
    }

    /** A photo served over HTTP by the suite on 127.0.0.1 (only the in-process gateway may fetch it). */
    public String url(String photo) {
        return photos.url(photo);
    }

    public String name(String purpose) {
        return RUN_PREFIX + purpose + "_" + (++counter);
    }

    /** A new face group, removed when the current test (or class) ends. */
    public String newFaceGroup() {
        return newGroup("face", Map.of("config", Map.of("capacity", 1000)));
    }

    public String newImageGroup() {
        return newGroup("image", Map.of("config", Map.of("capacity", 1000)));
    }

    private String newGroup(String kind, Object body) {
        String name = track(kind, name(kind.substring(0, 1)));
        QiniuResponse created = client.post("/v1/" + kind + "/groups/" + name, body);
        if (created.status() != 200) {
            throw new AssertionError("creating the " + kind + " group " + name + " failed: " + created.exchange().describe());
        }
        return name;
    }

    /** Removes this group when the current test (or class) ends. */
    public String track(String kind, String name) {
        requireNonNull(scopes.peek(), "no test is running").add(new String[] {kind, name});
        return name;
    }

    private void removeAll(List<String[]> groups) {
        for (String[] group : groups) {
            try {
                client.postEmpty("/v1/" + group[0] + "/groups/" + group[1] + "/remove");
            } catch (AssertionError | RuntimeException e) {
                System.getLogger(QiniuEnvironment.class.getName()).log(System.Logger.Level.WARNING,
                        "Could not remove the group " + group[1] + ": " + e.getMessage());
            }
        }
    }

    private static QiniuClient.Key readKey(String file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file " + file, e);
        }
        return new QiniuClient.Key(properties.getProperty("access-key", ""), properties.getProperty("secret-key", ""));
    }

    /** The suite's photos over HTTP on loopback. */
    static final class PhotoServer implements AutoCloseable {
        private final HttpServer server;

        private PhotoServer(HttpServer server) {
            this.server = server;
        }

        static PhotoServer start(Faces faces) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/", exchange -> {
                    String photo = exchange.getRequestURI().getPath().substring(1);
                    byte[] body;
                    int status = 200;
                    try {
                        body = faces.bytes(photo);
                    } catch (RuntimeException e) {
                        body = "not found".getBytes();
                        status = 404;
                    }
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                return new PhotoServer(server);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url(String photo) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + photo;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The in-process gateway of a run without a base URL; closed when the run ends. */
    static final class InProcessGateway implements AutoCloseable {
        static final QiniuClient.Key KEY = new QiniuClient.Key("conformance-ak",
                "sk-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        private final Gateway gateway;
        private final Path dataDirectory;

        private InProcessGateway(Gateway gateway, Path dataDirectory) {
            this.gateway = gateway;
            this.dataDirectory = dataDirectory;
        }

        static InProcessGateway start() {
            Path data;
            try {
                data = Files.createTempDirectory("polyface-qiniu-conformance-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path config;
            try {
                config = Files.writeString(data.resolve("qiniu-conformance.yaml"), """
                        dialects:
                          qiniu:
                            keys:
                              - access-key: %s
                                secret-key: %s
                            max-image-bytes: %d
                        fetch:
                          allow-hosts: [127.0.0.1]
                        """.formatted(KEY.accessKey(), KEY.secretKey(), MAX_IMAGE_BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GatewayOptions base = GatewayOptions.ephemeral(data);
            GatewayOptions options = new GatewayOptions(base.port(), base.dataDirectory(), Optional.of(config), Map.of());
            return new InProcessGateway(Gateway.start(options), data);
        }

        String qiniuUrl() {
            return gateway.baseUri() + "/qiniu";
        }

        @Override
        public void close() {
            gateway.close();
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is not worth failing a run for.
            }
        }
    }
}
