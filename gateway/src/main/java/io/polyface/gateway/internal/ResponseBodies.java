package io.polyface.gateway.internal;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes an answer's body. A large one goes out in parts of {@value #PART} bytes under its declared
 * length, so that {@code server.write-timeout} bounds the wait for each part, not for the whole.
 */
final class ResponseBodies {
    static final int PART = 64 << 10;

    private ResponseBodies() {
    }

    static void send(ServerResponse res, byte[] body) {
        if (body.length <= PART) {
            res.send(body);
            return;
        }
        res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        try (OutputStream out = res.outputStream()) {
            for (int at = 0; at < body.length; at += PART) {
                // Each part from offset 0 of an array of its own: Helidon 4.4.0's blocking socket writes a
                // slice that starts past 0 with a wrong length (helidon-io/helidon#11738).
                byte[] part = Arrays.copyOfRange(body, at, Math.min(body.length, at + PART));
                out.write(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
