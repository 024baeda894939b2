package io.polyface.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One process's share of the connection flood, so that a flood larger than one process's limit on
 * open files can be held: {@code FloodHolder HOST PORT COUNT SOURCE}. It opens up to COUNT
 * connections from SOURCE, each sending half a request and holding it, prints
 * {@code opened N failed M [last failure]}, then answers {@code count} on its standard input with
 * {@code acted K} (connections the server has answered or closed meanwhile), and closes everything
 * and exits at the end of its input.
 */
public final class FloodHolder {
    /** How long the opening may take in all, and each connect. */
    private static final long OPENING_LIMIT_NANOS = 60_000_000_000L;
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    /** The opening stops once this many connections in a row cannot be made (the server stopped accepting). */
    private static final int GIVE_UP_AFTER = 20;

    private FloodHolder() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        InetAddress source = InetAddress.getByName(args[3]);
        byte[] half = ("POST /dmai/api/v1/engine/recocomp/face/search HTTP/1.1\r\nHost: " + RawHttp.hostHeader(target)
                + "\r\nContent-Type: application/json\r\nContent-Le").getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>(count);
        long started = System.nanoTime();
        int failedInARow = 0;
        int failed = 0;
        String lastFailure = "";
        while (held.size() < count && failedInARow < GIVE_UP_AFTER && System.nanoTime() - started < OPENING_LIMIT_NANOS) {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(target, CONNECT_TIMEOUT_MILLIS);
                socket.getOutputStream().write(half);
                held.add(socket);
                failedInARow = 0;
            } catch (IOException e) {
                socket.close();
                failedInARow++;
                failed++;
                lastFailure = String.valueOf(e.getMessage());
            }
        }
        out.println("opened " + held.size() + " failed " + failed + (failed > 0 ? " " + lastFailure : ""));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.strip().equals("count")) {
                out.println("acted " + held.stream().filter(FloodHolder::actedOn).count());
                out.flush();
            }
        }
        for (Socket socket : held) {
            socket.close();
        }
    }

    /** Whether the server has answered a held connection (a timeout, say) or closed it. */
    private static boolean actedOn(Socket socket) {
        try {
            socket.setSoTimeout(1);
            socket.getInputStream().read();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
