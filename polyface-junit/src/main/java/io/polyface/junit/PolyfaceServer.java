package io.polyface.junit;

import static java.util.Objects.requireNonNull;

import io.polyface.gateway.InProcessGateway;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running Polyface as a test sees it: where each dialect listens, the credentials of the dialects
 * that need them, and a reset. Injected by {@link PolyfaceExtension}; closed by it when the test
 * class ends. Thread-safe.
 */
public final class PolyfaceServer implements AutoCloseable {

    /** A Qiniu key pair the gateway accepts: sign requests with it ({@code Authorization: Qiniu AK:sign}). */
    public record QiniuKey(String accessKey, String secretKey) {
        public QiniuKey {
            requireNonNull(accessKey, "accessKey is null");
            requireNonNull(secretKey, "secretKey is null");
        }
    }

    /** A SenseTime account the gateway accepts: send it as {@code api_id} and {@code api_secret}. */
    public record SensetimeAccount(String apiId, String apiSecret) {
        public SensetimeAccount {
            requireNonNull(apiId, "apiId is null");
            requireNonNull(apiSecret, "apiSecret is null");
        }
    }

    private final InProcessGateway gateway;
    private final Optional<QiniuKey> qiniuKey;
    private final Optional<SensetimeAccount> sensetimeAccount;
    private final Duration startupTime;

    PolyfaceServer(InProcessGateway gateway, Optional<QiniuKey> qiniuKey, Optional<SensetimeAccount> sensetimeAccount,
            Duration startupTime) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.qiniuKey = requireNonNull(qiniuKey, "qiniuKey is null");
        this.sensetimeAccount = requireNonNull(sensetimeAccount, "sensetimeAccount is null");
        this.startupTime = requireNonNull(startupTime, "startupTime is null");
    }

    /** The main port's root, e.g. {@code http://127.0.0.1:40123}; admin and health paths live here. */
    public URI baseUri() {
        return gateway.gateway().baseUri();
    }

    public int port() {
        return gateway.gateway().port();
    }

    /**
     * Where a dialect's vendor paths start: {@code http://127.0.0.1:<port>/<dialect>}, or the root of
     * its own port when the extension was asked for own ports. Append the vendor's path to it.
     *
     * @throws IllegalArgumentException if the dialect is not served
     */
    public String baseUrl(String dialect) {
        requireNonNull(dialect, "dialect is null");
        if (!dialects().contains(dialect)) {
            throw new IllegalArgumentException("Polyface serves " + dialects() + " in this test, not '" + dialect
                    + "'; name it in @PolyfaceTest(dialects = ...) or the builder's dialects(...)");
        }
        return gateway.gateway().dialectPort(dialect).map(p -> "http://127.0.0.1:" + p).orElseGet(() -> gateway.url(dialect));
    }

    /** The dialects served, in the order of the configuration. */
    public List<String> dialects() {
        return gateway.gateway().dialectIds();
    }

    /**
     * The key requests to the Qiniu dialect are signed with: the first of the configuration's keys,
     * or one generated for this test class.
     *
     * @throws IllegalStateException if Qiniu is not served
     */
    public QiniuKey qiniuKey() {
        return qiniuKey.orElseThrow(() -> new IllegalStateException("the Qiniu dialect is not served in this test"));
    }

    /**
     * The account SenseTime requests carry: the first of the configuration's accounts, or one
     * generated for this test class.
     *
     * @throws IllegalStateException if SenseTime is not served
     */
    public SensetimeAccount sensetimeAccount() {
        return sensetimeAccount.orElseThrow(() -> new IllegalStateException("the SenseTime dialect is not served in this test"));
    }

    /** Empties the engines now (collections, faces, images, records, jobs), as {@code POST /admin/reset} does. */
    public void reset() {
        gateway.gateway().reset();
    }

    /** How long the gateway took to start and be ready, models loaded. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The temporary directory holding the gateway's data; deleted when the server closes. */
    public Path dataDirectory() {
        return gateway.dataDirectory();
    }

    @Override
    public void close() {
        gateway.close();
    }

    @Override
    public String toString() {
        return "Polyface at " + baseUri() + " serving " + dialects();
    }
}
