package io.polyface.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The raw client against a hand-written server: whole answers, a hang, an answer cut short. */
class RawHttpTest {
    @Test
    void readsAChunkedAnswerWhole() throws Exception {
        RawHttp.Response response = against("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n", Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("{\"a\":1}");
        assertThat(response.contentType()).isEqualTo("application/json");
    }

    @Test
    void anAnswerThatNeverEndsIsAHang() {
        assertThatThrownBy(() -> against("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", Duration.ofMillis(500)))
                .isInstanceOf(RawHttp.Hang.class);
    }

    @Test
    void aConnectionClosedBeforeTheAnswerEndsIsNoAnswer() {
        assertThatThrownBy(() -> against("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc" + CLOSE, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).isNotInstanceOf(RawHttp.Hang.class).hasMessageContaining("3 of 10");
    }

    @Test
    void aThrottledReadTakesTheTimeItsRateSays() throws Exception {
        String body = "x".repeat(40_000);
        long started = System.nanoTime();
        RawHttp.Response response = against("HTTP/1.1 200 OK\r\nContent-Length: 40000\r\n\r\n" + body, Duration.ofSeconds(10), 100_000);
        assertThat(response.body()).hasSize(40_000);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }

    /** Marks where the test server closes the connection. */
    private static final String CLOSE = "\u0000close";

    private static RawHttp.Response against(String answer, Duration deadline) throws IOException {
        return against(answer, deadline, 0);
    }

    /** Serves one connection: reads the request's head, writes the answer, then holds or closes. */
    private static RawHttp.Response against(String answer, Duration deadline, int bytesPerSecond) throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread serving = Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    for (int matched = 0; matched < 4; ) {
                        int b = in.read();
                        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (!answer.endsWith(CLOSE)) {
                        Thread.sleep(deadline.toMillis() + 1000);
                    }
                } catch (IOException | InterruptedException e) {
                    // The client has gone: nothing more to serve.
                }
            });
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getLocalPort());
            byte[] request = RawHttp.request("GET", "/", address, Map.of(), new byte[0]);
            try {
                return bytesPerSecond == 0 ? RawHttp.exchange(address, Optional.empty(), request, deadline)
                        : RawHttp.exchange(address, Optional.empty(), request, deadline, 8192, in -> new SlowReader.Throttled(in, bytesPerSecond));
            } finally {
                serving.interrupt();
            }
        }
    }
}
