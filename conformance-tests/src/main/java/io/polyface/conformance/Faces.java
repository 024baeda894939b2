package io.polyface.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labelled face photos the suites send: from the directory in {@code polyface.faces} (the
 * shared set, when run inside the repository), else the small copy shipped in this kit under
 * {@code faces/} on the class path. Each photo is read and encoded once. Thread-safe.
 */
public final class Faces {
    public static final String DIRECTORY_PROPERTY = "polyface.faces";

    private final Optional<Path> directory;
    private final Map<String, String> base64 = new ConcurrentHashMap<>();

    public Faces(Optional<Path> directory) {
        this.directory = directory.filter(Files::isDirectory);
    }

    public static Faces fromSystemProperty() {
        return new Faces(Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY)).filter(s -> !s.isBlank()).map(Path::of));
    }

    /** The full shared set, with {@code pairs.csv}, when it is at hand. */
    public Optional<Path> directory() {
        return directory.filter(d -> Files.isRegularFile(d.resolve("pairs.csv")));
    }

    /** A photo as standard base64, e.g. {@code angelina/deepface_img5.jpg}. */
    public String base64(String photo) {
        return base64.computeIfAbsent(photo, p -> Base64.getEncoder().encodeToString(bytes(p)));
    }

    public byte[] bytes(String photo) {
        if (directory.isPresent() && Files.isRegularFile(directory.get().resolve(photo))) {
            try {
                return Files.readAllBytes(directory.get().resolve(photo));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = Faces.class.getClassLoader().getResourceAsStream("faces/" + photo)) {
            if (in == null) {
                throw new IllegalStateException("Photo " + photo + " is neither under " + DIRECTORY_PROPERTY + "="
                        + directory.map(Path::toString).orElse("(unset)") + " nor shipped in the kit");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
