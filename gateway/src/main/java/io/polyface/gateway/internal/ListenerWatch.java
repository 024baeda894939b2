package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Notices a port that stopped listening while the gateway runs. Helidon ends a listener for good
 * when {@code accept()} fails (out of file descriptors, for one): it closes the port, and its
 * listener thread then waits on itself forever, so the process lives on deaf and a supervisor sees
 * nothing. The watch tries now and then to bind each port itself, as a client socket that never
 * listens: the system refuses while the listener holds it. A port found free twice in a row while
 * the gateway is not closing is reported to the action set with {@link #onStopped} (the command line
 * exits non-zero, so a supervisor restarts it). Nothing connects: the check costs the listeners
 * nothing, works under any load and shows in no count.
 */
public final class ListenerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ListenerWatch.class.getName());
    private static final int TIMES_FREE = 2;

    /** One port to watch: the listener's socket name and the address it is bound to. */
    public record Listener(String socket, InetSocketAddress address) {
        public Listener {
            requireNonNull(socket, "socket is null");
            requireNonNull(address, "address is null");
        }

        public static Listener of(String socket, String host, int port) {
            return new Listener(socket, new InetSocketAddress(host, port));
        }
    }

    private final List<Listener> listeners;
    private final Duration interval;
    private final AtomicReference<Consumer<String>> action = new AtomicReference<>(name -> { });
    private final List<String> stopped = new ArrayList<>();
    private volatile boolean closed;

    private ListenerWatch(List<Listener> listeners, Duration interval) {
        this.listeners = List.copyOf(listeners);
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Starts watching the listeners of a running server, one look every {@code interval}. */
    public static ListenerWatch start(List<Listener> listeners, Duration interval) {
        ListenerWatch watch = new ListenerWatch(listeners, interval);
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            // There the address-reuse option lets a second socket bind a port in use: no verdict to be had.
            LOG.log(System.Logger.Level.INFO, "ports are not watched on Windows");
            return watch;
        }
        Thread.ofVirtual().name("polyface-listener-watch").start(watch::run);
        return watch;
    }

    /** Sets what to do when a port stops on its own; runs at once for one that already has. */
    public void onStopped(Consumer<String> next) {
        requireNonNull(next, "next is null");
        List<String> already;
        synchronized (stopped) {
            action.set(next);
            already = List.copyOf(stopped);
        }
        already.forEach(next);
    }

    /** The gateway closes: ports closing from now on are expected. */
    @Override
    public void close() {
        closed = true;
    }

    private void run() {
        Map<String, Integer> timesFree = new HashMap<>();
        List<Listener> watched = new ArrayList<>(listeners);
        while (!closed && !watched.isEmpty()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            for (Listener listener : List.copyOf(watched)) {
                int inARow = free(listener.address()) ? timesFree.getOrDefault(listener.socket(), 0) + 1 : 0;
                timesFree.put(listener.socket(), inARow);
                if (inARow >= TIMES_FREE && !closed) {
                    watched.remove(listener);
                    report(listener);
                }
            }
        }
    }

    private void report(Listener listener) {
        LOG.log(System.Logger.Level.ERROR, "the port of socket '" + listener.socket() + "' (" + listener.address()
                + ") is no longer listened on: it accepts no connections");
        Consumer<String> now;
        synchronized (stopped) {
            stopped.add(listener.socket());
            now = action.get();
        }
        now.accept(listener.socket());
    }

    /**
     * True when the port could be bound, so nothing listens there. Taken, or no verdict (out of
     * descriptors, say): false. The binding is released at once and never listens.
     */
    private static boolean free(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            // Without it, the old listener's closed connections (TIME_WAIT) would keep the port taken.
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
