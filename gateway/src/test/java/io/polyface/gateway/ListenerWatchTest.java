package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.polyface.gateway.internal.ListenerWatch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The watch tells when a port stops being listened on while nothing asked it to: the signal the
 * command line turns into a non-zero exit.
 */
class ListenerWatchTest {

    /** A server with two listeners, watched, and the names the watch reports stopped. */
    private record Watched(WebServer server, ListenerWatch watch, List<String> stopped) {
        static Watched start() {
            WebServer server = ListenerWatchTest.server();
            ListenerWatch watch = ListenerWatchTest.watch(server);
            List<String> stopped = new CopyOnWriteArrayList<>();
            watch.onStopped(stopped::add);
            return new Watched(server, watch, stopped);
        }
    }

    @Test
    void aListenerThatStopsUnaskedIsReported() throws Exception {
        Watched watched = Watched.start();
        WebServer server = watched.server();
        ListenerWatch watch = watched.watch();
        List<String> stopped = watched.stopped();
        Thread.sleep(500);
        assertThat(stopped).as("while the ports accept").isEmpty();

        server.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stopped.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stopped).containsExactlyInAnyOrder(WebServer.DEFAULT_SOCKET_NAME, "second");

        // An action set afterwards hears of it too.
        List<String> late = new CopyOnWriteArrayList<>();
        watch.onStopped(late::add);
        assertThat(late).containsExactlyInAnyOrder(WebServer.DEFAULT_SOCKET_NAME, "second");
    }

    @Test
    void listenersStoppedAfterCloseAreExpected() throws Exception {
        Watched watched = Watched.start();
        watched.watch().close();
        watched.server().stop();
        Thread.sleep(500);
        assertThat(watched.stopped()).isEmpty();
    }

    private static ListenerWatch watch(WebServer server) {
        return ListenerWatch.start(List.of(
                ListenerWatch.Listener.of(WebServer.DEFAULT_SOCKET_NAME, "127.0.0.1", server.port()),
                ListenerWatch.Listener.of("second", "127.0.0.1", server.port("second"))), Duration.ofMillis(100));
    }

    private static WebServer server() {
        int first = portOutsideTheEphemeralRange();
        int second = portOutsideTheEphemeralRange();
        return WebServer.builder().host("127.0.0.1").port(first).shutdownHook(false)
                .putSocket("second", socket -> socket.host("127.0.0.1").port(second))
                .routing(r -> r.get("/", (req, res) -> res.send("ok")))
                .build().start();
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): once the server lets it go, no
     * other process's outgoing connection can take it, which would keep the watch from seeing it
     * free while the machine is busy with other work.
     */
    private static int portOutsideTheEphemeralRange() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
