package io.polyface.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a test's folder the user's directory for each test and puts the property back after it:
 * {@code @RegisterExtension final UserDirectoryExtension userDirectory = new UserDirectoryExtension(() -> user);}
 * with {@code user} a {@code @TempDir} field, which JUnit fills before this extension runs.
 */
public final class UserDirectoryExtension implements BeforeEachCallback, AfterEachCallback {
    private final Supplier<Path> directory;
    private UserDirectoryProperty property;

    public UserDirectoryExtension(Supplier<Path> directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        property = UserDirectoryProperty.set(directory.get());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        property.close();
    }
}
