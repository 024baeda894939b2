package io.polyface.gateway.internal;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Who sent a request, as the socket says: for dialects' device keys and for admin access. */
final class RemotePeer {
    private RemotePeer() {
    }

    /** The numeric address of the request's peer, never a reverse lookup; empty when unknown. */
    static Optional<InetAddress> of(ServerRequest req) {
        try {
            return req.remotePeer().address() instanceof InetSocketAddress socket
                    ? Optional.ofNullable(socket.getAddress())
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
