package io.polyface.gateway.internal;

import java.nio.file.Path;

/**
 * The directory polyface was started from, against which relative paths are resolved. The
 * launcher runs the JVM from the repository and passes the user's own directory in the system
 * property {@code polyface.user-dir}; without it, the JVM's working directory.
 */
public final class UserDirectory {
    public static final String PROPERTY = "polyface.user-dir";

    private UserDirectory() {
    }

    public static Path path() {
        String dir = System.getProperty(PROPERTY, "");
        return Path.of(dir.isBlank() ? System.getProperty("user.dir") : dir).toAbsolutePath().normalize();
    }

    /** A path as given, made absolute against the user's directory. */
    public static Path resolve(String given) {
        return path().resolve(given).normalize();
    }

    /** A path as the user would write it: relative when it is below their directory. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = path();
        return absolute.startsWith(base) && !absolute.equals(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
