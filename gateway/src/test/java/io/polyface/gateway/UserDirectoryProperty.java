package io.polyface.gateway;

import io.polyface.gateway.internal.UserDirectory;
import java.nio.file.Path;

/**
 * Makes a folder the user's directory ({@link UserDirectory#PROPERTY}) until closed, then puts back
 * whatever the property held before.
 */
public final class UserDirectoryProperty implements AutoCloseable {
    private final String before;

    private UserDirectoryProperty(Path directory) {
        before = System.getProperty(UserDirectory.PROPERTY);
        System.setProperty(UserDirectory.PROPERTY, directory.toString());
    }

    /** Makes {@code directory} the user's directory until the returned value is closed. */
    public static UserDirectoryProperty set(Path directory) {
        return new UserDirectoryProperty(directory);
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(UserDirectory.PROPERTY);
        } else {
            System.setProperty(UserDirectory.PROPERTY, before);
        }
    }
}
