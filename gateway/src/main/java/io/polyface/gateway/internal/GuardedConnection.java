package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One admitted connection: Helidon's HTTP/1 connection, whose socket reads and writes are timed so
 * that the {@link ConnectionGuard} can tell a stalled client from a busy handler and close it.
 *
 * <p>The connection's own thread moves it through its phases; the guard's watchdog only reads them.
 */
final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {
    private static final long NOT_BLOCKED = Long.MIN_VALUE;

    /** Where a connection is in its requests, as far as reading goes. */
    enum Phase {
        /** Accepted; no byte of its first request yet. */
        FRESH,
        /** Between two requests (kept alive). */
        IDLE,
        /** A request's line and headers arriving. */
        HEAD,
        /** Headers read: the request is served, its body read, its answer written. */
        BODY
    }

    private final InetAddress address;
    private final HelidonSocket socket;
    private final Consumer<GuardedConnection> release;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private ServerConnection http;

    private volatile Phase phase = Phase.FRESH;
    private volatile long phaseSince;
    private volatile long readingSince = NOT_BLOCKED;
    private volatile long writingSince = NOT_BLOCKED;

    private GuardedConnection(InetAddress address, HelidonSocket socket, Consumer<GuardedConnection> release, long now) {
        this.address = requireNonNull(address, "address is null");
        this.socket = requireNonNull(socket, "socket is null");
        this.release = requireNonNull(release, "release is null");
        this.phaseSince = now;
    }

    /**
     * Wraps the connection {@code http} makes over a timed view of {@code ctx}; {@code release} runs
     * once when the connection ends.
     */
    static GuardedConnection wrap(ConnectionContext ctx, InetAddress address, Consumer<GuardedConnection> release,
            Function<ConnectionContext, ServerConnection> http) {
        GuardedConnection connection = new GuardedConnection(address, ctx.serverSocket(), release, System.nanoTime());
        connection.http = http.apply(connection.new TimedContext(ctx));
        return connection;
    }

    /** Tells the connection behind {@code ctx} that a request's headers have been read. */
    static void headersRead(ConnectionContext ctx) {
        if (ctx instanceof TimedContext timed) {
            timed.connection().enter(Phase.BODY, System.nanoTime());
        }
    }

    InetAddress address() {
        return address;
    }

    Phase phase() {
        return phase;
    }

    long phaseSince() {
        return phaseSince;
    }

    /** Waiting for a request that has not begun: the first to close when connections run short. */
    boolean idle() {
        Phase now = phase;
        return (now == Phase.FRESH || now == Phase.IDLE) && readingSince != NOT_BLOCKED;
    }

    /** Which limit this connection has outlived at {@code now}, if any. */
    Optional<String> overdue(long now, ServerLimits limits) {
        long reading = readingSince;
        if (reading != NOT_BLOCKED) {
            Phase current = phase;
            long since = phaseSince;
            switch (current) {
                case FRESH, HEAD -> {
                    if (past(now, since, limits.headerTimeout())) {
                        return Optional.of("header-timeout");
                    }
                }
                case IDLE -> {
                    if (past(now, since, limits.idleTimeout())) {
                        return Optional.of("idle-timeout");
                    }
                }
                case BODY -> {
                    if (past(now, reading, limits.bodyReadTimeout())) {
                        return Optional.of("body-read-timeout");
                    }
                }
            }
        }
        long writing = writingSince;
        if (writing != NOT_BLOCKED && past(now, writing, limits.writeTimeout())) {
            return Optional.of("write-timeout");
        }
        return Optional.empty();
    }

    /**
     * Closes the socket under the connection's thread, which then ends. The first time only: counts
     * it in {@code counter} first, so that the count is there by the time the client sees the end.
     */
    boolean cut(AtomicLong counter) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        counter.incrementAndGet();
        try {
            socket.close();
        } catch (RuntimeException e) {
            // Already broken: the thread will end on its own.
        }
        return true;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            http.handle(limit);
        } finally {
            if (released.compareAndSet(false, true)) {
                release.accept(this);
            }
        }
    }

    @Override
    public Duration idleTime() {
        return http.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return http instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    private static boolean past(long now, long since, Duration limit) {
        return now - since > limit.toNanos();
    }

    private void enter(Phase next, long now) {
        phaseSince = now;
        phase = next;
    }

    /** Reads from the socket, noting how long it waits and when a request begins. */
    private byte[] pull() {
        long now = System.nanoTime();
        if (phase == Phase.BODY && canInterrupt()) {
            // Helidon waits for a request line again: the previous request is over.
            enter(Phase.IDLE, now);
        }
        readingSince = now;
        byte[] bytes;
        try {
            bytes = socket.get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        } finally {
            readingSince = NOT_BLOCKED;
        }
        if (bytes == null) {
            if (phase == Phase.HEAD || phase == Phase.BODY) {
                // The client went away in the middle of a request: an ordinary end, not a server error
                // (Helidon would log a warning with a stack trace for each, a log flood of its own).
                throw new CloseConnectionException("the client closed the connection in the middle of a request");
            }
            return null;
        }
        switch (phase) {
            // The first request's head counts from the connection's opening.
            case FRESH -> phase = Phase.HEAD;
            case IDLE -> enter(Phase.HEAD, System.nanoTime());
            case HEAD, BODY -> {
            }
        }
        return bytes;
    }

    private void write(Runnable write) {
        writingSince = System.nanoTime();
        try {
            write.run();
        } finally {
            writingSince = NOT_BLOCKED;
        }
    }

    /** The connection's context as Helidon made it, with timed reads and writes. */
    private final class TimedContext implements ConnectionContext {
        private final ConnectionContext delegate;
        private final DataReader reader;
        private final DataWriter writer;

        TimedContext(ConnectionContext delegate) {
            this.delegate = delegate;
            this.reader = DataReader.create(GuardedConnection.this::pull);
            this.writer = new TimedWriter(delegate.dataWriter());
        }

        GuardedConnection connection() {
            return GuardedConnection.this;
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public DataWriter dataWriter() {
            return writer;
        }

        @Override
        public ListenerContext listenerContext() {
            return delegate.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return delegate.executor();
        }

        @Override
        public Router router() {
            return delegate.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return delegate.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return delegate.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return delegate.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return delegate.localPeer();
        }

        @Override
        public boolean isSecure() {
            return delegate.isSecure();
        }

        @Override
        public String socketId() {
            return delegate.socketId();
        }

        @Override
        public String childSocketId() {
            return delegate.childSocketId();
        }
    }

    /** Marks the time the connection's thread waits in each write. */
    private final class TimedWriter implements DataWriter {
        private final DataWriter delegate;

        TimedWriter(DataWriter delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(BufferData... buffers) {
            GuardedConnection.this.write(() -> delegate.write(buffers));
        }

        @Override
        public void write(BufferData buffer) {
            GuardedConnection.this.write(() -> delegate.write(buffer));
        }

        @Override
        public void writeNow(BufferData... buffers) {
            GuardedConnection.this.write(() -> delegate.writeNow(buffers));
        }

        @Override
        public void writeNow(BufferData buffer) {
            GuardedConnection.this.write(() -> delegate.writeNow(buffer));
        }

        @Override
        public void flush() {
            GuardedConnection.this.write(delegate::flush);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
