package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.DownloadFailed.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image downloads over real sockets: limits, redirects and the address rule. */
class HttpImageFetcherTest {

    private static final byte[] IMAGE = new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3, 4, 5};

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image.jpg", exchange -> {
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        server.createContext("/big", exchange -> {
            // No length announced: the limit must hold while reading.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4096]);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        redirect("/hop", "/image.jpg");
        redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        redirect("/loop", "/loop");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** {@code path} answers 302 to {@code location}. */
    private void redirect(String path, String location) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    private static HttpImageFetcher fetcher(Set<String> allowed) {
        return new HttpImageFetcher(Duration.ofSeconds(2), Duration.ofSeconds(10), 1024, allowed);
    }

    @Test
    void loopbackIsRefusedUnlessAllowed() {
        assertFails(() -> fetcher(Set.of()).fetch(base + "/image.jpg", Duration.ofSeconds(5)), Reason.BLOCKED);
        assertThat(fetcher(Set.of("127.0.0.1")).fetch(base + "/image.jpg", Duration.ofSeconds(5))).isEqualTo(IMAGE);
    }

    @Test
    void privateLinkLocalAndOddAddressesAreNotPublic() throws IOException {
        for (String address : new String[] {"10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "127.0.0.1", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1"}) {
            assertThat(HttpImageFetcher.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : new String[] {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"}) {
            assertThat(HttpImageFetcher.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void redirectsAreFollowedAndEachHopIsChecked() {
        HttpImageFetcher fetcher = fetcher(Set.of("127.0.0.1"));
        assertThat(fetcher.fetch(base + "/hop", Duration.ofSeconds(5))).isEqualTo(IMAGE);
        assertFails(() -> fetcher.fetch(base + "/to-metadata", Duration.ofSeconds(5)), Reason.BLOCKED);
        assertFails(() -> fetcher.fetch(base + "/loop", Duration.ofSeconds(5)), Reason.HTTP_STATUS);
    }

    @Test
    void limitsAndFailuresHaveTheirOwnReasons() {
        HttpImageFetcher fetcher = fetcher(Set.of("127.0.0.1"));
        assertThatThrownBy(() -> fetcher.fetch(base + "/big", Duration.ofSeconds(5)))
                .isInstanceOf(FaceException.ImageTooLarge.class);
        assertFails(() -> fetcher.fetch(base + "/slow", Duration.ofMillis(300)), Reason.TIMEOUT);
        assertFails(() -> fetcher.fetch(base + "/missing", Duration.ofSeconds(5)), Reason.HTTP_STATUS);
        assertFails(() -> fetcher.fetch("ftp://example.com/a.jpg", Duration.ofSeconds(5)), Reason.BAD_URL);
        assertFails(() -> fetcher.fetch("file:///etc/passwd", Duration.ofSeconds(5)), Reason.BAD_URL);
        assertFails(() -> fetcher.fetch("http://user:pw@example.com/a.jpg", Duration.ofSeconds(5)), Reason.BAD_URL);
        assertFails(() -> fetcher.fetch("not a url", Duration.ofSeconds(5)), Reason.BAD_URL);
        assertFails(() -> fetcher.fetch("http://no-such-host.invalid/a.jpg", Duration.ofSeconds(5)), Reason.NETWORK);
    }

    private static void assertFails(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FaceException.DownloadFailed.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
