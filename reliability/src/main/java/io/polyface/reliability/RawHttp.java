package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the bytes go out exactly as given (an
 * HTTP client library would refuse or repair many of the suite's requests), and the answer is read
 * with a deadline, so a server that never answers is a {@link Hang}, not a stuck suite.
 * Thread-safe (each call has its own socket).
 */
public final class RawHttp {
    /** The most of an answer kept in memory; the slow reader counts larger ones instead. */
    private static final int MAX_BODY = 64 << 20;

    private RawHttp() {
    }

    /** An answer: status, headers (names in lower case, the last of repeated ones) and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            requireNonNull(headers, "headers is null");
            requireNonNull(body, "body is null");
            headers = Map.copyOf(headers);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }
    }

    /** The server took longer than the deadline to answer: a hang. */
    public static final class Hang extends IOException {
        private static final long serialVersionUID = 1L;

        Hang(String message) {
            super(message);
        }
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param source the local address to connect from, if not the default (all of 127/8 is loopback)
     * @param request the whole request: request line, headers, blank line and body
     * @param deadline how long the whole exchange may take
     * @throws Hang when the answer is not complete by the deadline
     * @throws IOException when the connection fails or closes before a complete answer
     */
    public static Response exchange(InetSocketAddress target, Optional<InetAddress> source, byte[] request, Duration deadline)
            throws IOException {
        return exchange(target, source, request, deadline, 0, UnaryOperator.identity());
    }

    /**
     * As {@link #exchange(InetSocketAddress, Optional, byte[], Duration)}, reading through a
     * wrapper of the socket's stream (a throttle, say).
     *
     * @param receiveBuffer the socket's receive buffer in bytes, set before it connects; 0 leaves the system's
     */
    public static Response exchange(InetSocketAddress target, Optional<InetAddress> source, byte[] request, Duration deadline,
            int receiveBuffer, UnaryOperator<InputStream> reader) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        try (Socket socket = new Socket()) {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            if (source.isPresent()) {
                socket.bind(new InetSocketAddress(source.get(), 0));
            }
            socket.connect(target, (int) Math.max(1, Math.min(deadline.toMillis(), 10_000)));
            socket.setSoTimeout(remaining(end, deadline));
            OutputStream out = socket.getOutputStream();
            InputStream in = reader.apply(socket.getInputStream());
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading a large body: read what it said.
                return read(in, socket, end, deadline).orElseThrow(() -> e);
            }
            return read(in, socket, end, deadline)
                    .orElseThrow(() -> new IOException("the connection closed before a complete answer"));
        } catch (SocketTimeoutException e) {
            throw new Hang("no complete answer within " + deadline.toMillis() + " ms");
        }
    }

    private static Optional<Response> read(InputStream in, Socket socket, long end, Duration deadline) throws IOException {
        Head head;
        try {
            head = readHead(in, socket, end, deadline);
        } catch (SocketTimeoutException e) {
            throw new Hang("no complete answer within " + deadline.toMillis() + " ms");
        } catch (Hang e) {
            throw e;
        } catch (IOException e) {
            return Optional.empty();
        }
        if (head == null) {
            return Optional.empty();
        }
        byte[] body = readBody(in, socket, head, end, deadline);
        return Optional.of(new Response(head.status(), head.headers(), body));
    }

    /** A status line and headers. */
    record Head(int status, Map<String, String> headers) {
        Optional<Long> contentLength() {
            return Optional.ofNullable(headers.get("content-length")).map(String::strip).map(Long::parseLong);
        }

        boolean chunked() {
            return headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        }
    }

    /** Reads a status line and headers; {@code null} when the connection closed before any. */
    static Head readHead(InputStream in, Socket socket, long end, Duration deadline) throws IOException {
        String statusLine = readLine(in, socket, end, deadline);
        if (statusLine == null) {
            return null;
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in, socket, end, deadline); line != null && !line.isEmpty();
                line = readLine(in, socket, end, deadline)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return new Head(status, headers);
    }

    private static byte[] readBody(InputStream in, Socket socket, Head head, long end, Duration deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.status() / 100 == 1 || head.status() == 204 || head.status() == 304) {
            return new byte[0];
        }
        if (head.chunked()) {
            while (true) {
                String sizeLine = readLine(in, socket, end, deadline);
                if (sizeLine == null) {
                    throw new IOException("the chunked body ended early");
                }
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
                if (size == 0) {
                    while (true) {
                        String trailer = readLine(in, socket, end, deadline);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                copy(in, socket, body, size, end, deadline);
                readLine(in, socket, end, deadline);
            }
        }
        Optional<Long> length = head.contentLength();
        if (length.isPresent()) {
            if (length.get() > MAX_BODY) {
                throw new IOException("an answer of " + length.get() + " bytes is more than the suite keeps");
            }
            copy(in, socket, body, length.get().intValue(), end, deadline);
            return body.toByteArray();
        }
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            socket.setSoTimeout(remaining(end, deadline));
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static void copy(InputStream in, Socket socket, ByteArrayOutputStream to, int size, long end, Duration deadline)
            throws IOException {
        byte[] buffer = new byte[8192];
        int left = size;
        while (left > 0) {
            socket.setSoTimeout(remaining(end, deadline));
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the body ended after " + (size - left) + " of " + size + " bytes");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    /** A line ending in CRLF (or LF), without it; {@code null} at the end of the stream before any byte. */
    private static String readLine(InputStream in, Socket socket, long end, Duration deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            socket.setSoTimeout(remaining(end, deadline));
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("a header line longer than 64 KiB");
            }
            line.write(b);
        }
    }

    private static int remaining(long end, Duration deadline) throws Hang {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new Hang("no complete answer within " + deadline.toMillis() + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** A request's bytes: the request line, {@code Host}, the given headers, {@code Connection: close}, the body. */
    public static byte[] request(String method, String target, InetSocketAddress host, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader(host)).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0 || !method.equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** What a {@code Host} header names for this address, as an HTTP client writes it. */
    public static String hostHeader(InetSocketAddress host) {
        return host.getHostString() + ":" + host.getPort();
    }
}
