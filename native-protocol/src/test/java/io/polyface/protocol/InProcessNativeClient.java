package io.polyface.protocol;

import static java.util.Objects.requireNonNull;

/** The native client with its calls handed straight to a server in this JVM: the real codec on both sides, no HTTP. */
final class InProcessNativeClient extends NativeClient {
    private final NativeServer server;

    InProcessNativeClient(NativeServer server) {
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    protected NativeServer.Reply exchange(NativeCall call, byte[] body) {
        return server.handle(call.wireName(), body);
    }

    @Override
    public String name() {
        return "in-process";
    }

    @Override
    public void close() {
    }
}
