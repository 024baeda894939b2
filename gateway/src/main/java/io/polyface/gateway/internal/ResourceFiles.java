package io.polyface.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files a page serves from the class path, each read at its first request and kept.
 *
 * <p>Thread-safe.
 */
final class ResourceFiles {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /** The bytes of {@code resource}; a resource missing from the class path is an error of the build. */
    byte[] get(String resource) {
        return files.computeIfAbsent(resource, r -> {
            try (InputStream in = ResourceFiles.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException(r + " is missing from the class path"));
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
