package io.polyface.conformance.qiniu;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.conformance.ConformanceRunner;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DialectEnvironment;
import io.polyface.conformance.Faces;
import io.polyface.conformance.PhotoServer;
import io.polyface.conformance.SuiteUnusable;
import io.polyface.gateway.InProcessGateway;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
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
public final class QiniuEnvironment extends DialectEnvironment<QiniuEnvironment.Group> {
    static final String RUN_PREFIX = "cf" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
    static final long MAX_IMAGE_BYTES = 4L << 20;
    /** The key of the in-process gateway. */
    static final QiniuClient.Key KEY = new QiniuClient.Key("conformance-ak",
            "sk-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong()));

    /** A group of a kind ({@code face} or {@code image}), to remove afterwards. */
    record Group(String kind, String name) {
    }

    private QiniuClient client;
    private Faces faces;
    private PhotoServer photos;
    private int counter;

    @Override
    protected void connect(ExtensionContext context, Optional<String> baseUrl) {
        faces = shared(context, Faces.class, Faces::fromSystemProperty);
        Contract contract = contract(context, "qiniu");
        if (baseUrl.isPresent()) {
            Optional<QiniuClient.Key> key = context.getConfigurationParameter(ConformanceRunner.CREDENTIALS).map(QiniuEnvironment::readKey);
            client = new QiniuClient(baseUrl.get(), contract, key);
        } else {
            InProcessGateway gateway = shared(context, InProcessGateway.class, QiniuEnvironment::startGateway);
            client = new QiniuClient(gateway.url("qiniu"), contract, Optional.of(KEY));
        }
        photos = shared(context, PhotoServer.class, () -> PhotoServer.start(faces::bytes));
    }

    /**
     * Skips a test of refused signatures when the run has no key: the endpoint is then taken to be
     * open, answering unsigned requests.
     */
    void assumeSigned() {
        Assumptions.assumeTrue(client().signs(),
                "no credentials given, so the endpoint is taken to be open: it answers unsigned requests");
    }

    public QiniuClient client() {
        return requireNonNull(client, "the environment is used before @BeforeAll");
    }

    public Faces faces() {
        return faces;
    }

    /** A photo as a data URI, as the document's example writes it. */
    public String data(String photo) {
        return data(faces.bytes(photo));
    }

    /** Any bytes as a data URI, as the document's example writes one. */
    public String data(byte[] bytes) {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(bytes);
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

    /**
     * A {@code kind} ({@code face} or {@code image}) group's life: created with a capacity and listed,
     * filled by {@code fill}, described with its capacity and the given counts of tags and entries,
     * removed and no longer listed.
     */
    public void assertGroupLifecycle(String kind, Consumer<String> fill, int tags, int count) {
        String groups = "/v1/" + kind + "/groups";
        String group = track(kind, name("life"));
        assertThat(client.post(groups + "/" + group, Map.of("config", Map.of("capacity", 300000))).status()).isEqualTo(200);
        assertThat(client.get(groups).strings("/groups")).contains(group);
        fill.accept(group);

        QiniuResponse info = client.get(groups + "/" + group);
        assertThat(info.json().at("/config/capacity").asLong()).isEqualTo(300000);
        assertThat(info.json().path("tags").asInt()).isEqualTo(tags);
        assertThat(info.json().path("count").asInt()).isEqualTo(count);

        assertThat(client.postEmpty(groups + "/" + group + "/remove").status()).isEqualTo(200);
        assertThat(client.get(groups).strings("/groups")).doesNotContain(group);
    }

    /** Removes this group when the current test (or class) ends. */
    public String track(String kind, String name) {
        return deleteLater(new Group(kind, name)).name();
    }

    @Override
    protected void delete(Group group) {
        client.postEmpty("/v1/" + group.kind() + "/groups/" + group.name() + "/remove");
    }

    @Override
    protected String describeDeletion(Group group) {
        return "remove the group " + group.name();
    }

    private static QiniuClient.Key readKey(String file) {
        Properties properties = credentialsFile(file);
        String accessKey = properties.getProperty("access-key", "");
        String secretKey = properties.getProperty("secret-key", "");
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new SuiteUnusable("the credentials file names no access-key and secret-key");
        }
        return new QiniuClient.Key(accessKey, secretKey);
    }

    /** The in-process gateway of a run without a base URL, with the suite's key; closed when the run ends. */
    private static InProcessGateway startGateway() {
        return InProcessGateway.start("polyface-qiniu-conformance-", Optional.of("""
                dialects:
                  qiniu:
                    keys:
                      - access-key: %s
                        secret-key: %s
                    max-image-bytes: %d
                fetch:
                  allow-hosts: [127.0.0.1]
                """.formatted(KEY.accessKey(), KEY.secretKey(), MAX_IMAGE_BYTES)), Map.of());
    }
}
