package io.polyface.junit;

import static java.util.Objects.requireNonNull;

import io.polyface.gateway.InProcessGateway;
import io.polyface.junit.internal.TestConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a Polyface gateway in the test's JVM for a test class and empties it between tests. Used
 * through {@link PolyfaceTest}, or registered on a static field with settings made in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static PolyfaceExtension polyface = PolyfaceExtension.builder()
 *         .dialects("qiniu")
 *         .config("polyface-test.yaml")
 *         .reset(Reset.PER_CLASS)
 *         .build();
 * }</pre>
 *
 * <p>The gateway starts before the class's first test (or its first use, for an instance field) on a
 * free loopback port, with its data in a temporary directory, and stops after the class; a {@code
 * @Nested} class shares its outer class's gateway. Test methods, constructors and lifecycle methods
 * may take a {@link PolyfaceServer} parameter. The test JVM needs {@code --add-modules
 * jdk.incubator.vector} (README, "Use it in your tests").
 */
public final class PolyfaceExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final System.Logger LOG = System.getLogger(PolyfaceExtension.class.getName());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PolyfaceExtension.class);
    private static final String SERVER = "server";

    /** What a test asks for, from the annotation or the builder. */
    record Settings(List<String> dialects, Optional<String> config, Optional<String> configYaml, Reset reset, boolean ownPorts) {
        Settings {
            dialects = List.copyOf(dialects);
            requireNonNull(config, "config is null");
            requireNonNull(configYaml, "configYaml is null");
            requireNonNull(reset, "reset is null");
        }

        static Settings of(PolyfaceTest annotation) {
            return new Settings(Arrays.asList(annotation.dialects()),
                    Optional.of(annotation.config()).filter(c -> !c.isBlank()), Optional.empty(), annotation.reset(),
                    annotation.ownPorts());
        }
    }

    private final Optional<Settings> programmatic;
    private volatile PolyfaceServer server;

    /** The extension as {@link PolyfaceTest} registers it: its settings come from the annotation. */
    public PolyfaceExtension() {
        this.programmatic = Optional.empty();
    }

    private PolyfaceExtension(Settings settings) {
        this.programmatic = Optional.of(settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running server, for a test that registered this extension on a field.
     *
     * @throws IllegalStateException before the class's tests start
     */
    public PolyfaceServer server() {
        PolyfaceServer running = server;
        if (running == null) {
            throw new IllegalStateException("Polyface has not started yet: it starts before the test class's first test");
        }
        return running;
    }

    /** A dialect's base URL on the running server; see {@link PolyfaceServer#baseUrl}. */
    public String baseUrl(String dialect) {
        return server().baseUrl(dialect);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        PolyfaceServer running = server(context);
        if (settings(context).reset() == Reset.PER_METHOD) {
            running.reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PolyfaceServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The class's server: an enclosing class's, or one started now and stopped with the class. */
    private PolyfaceServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        // A store lookup also searches the enclosing classes' stores: a @Nested class shares the server.
        Running running = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(SERVER, k -> start(classContext), Running.class);
        server = running.server();
        return running.server();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private Running start(ExtensionContext context) {
        Settings settings = settings(context);
        Class<?> testClass = context.getRequiredTestClass();
        TestConfiguration configuration;
        try {
            configuration = TestConfiguration.of(settings.configYaml().or(() -> settings.config().map(c -> read(c, testClass))),
                    settings.dialects(), settings.ownPorts(), new SecureRandom());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ExtensionConfigurationException("Polyface for " + testClass.getName() + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        InProcessGateway gateway = InProcessGateway.start("polyface-test-", Optional.of(configuration.yaml()), Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        PolyfaceServer created = new PolyfaceServer(gateway, configuration.qiniuKey(), configuration.sensetimeAccount(), took);
        LOG.log(System.Logger.Level.INFO, "{0} for {1}, ready in {2} ms", created, testClass.getSimpleName(), took.toMillis());
        return new Running(created);
    }

    private Settings settings(ExtensionContext context) {
        return programmatic.orElseGet(() -> annotation(context.getRequiredTestClass()).map(Settings::of)
                .orElseGet(() -> new Settings(List.of(), Optional.empty(), Optional.empty(), Reset.PER_METHOD, false)));
    }

    /** The annotation on the class, a superclass, or an enclosing class (for {@code @Nested} tests). */
    private static Optional<PolyfaceTest> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            PolyfaceTest found = c.getAnnotation(PolyfaceTest.class);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** A class path resource of the test's class loader, else a file. */
    private static String read(String location, Class<?> testClass) {
        String resource = location.startsWith("/") ? location.substring(1) : location;
        try (InputStream in = testClass.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path file = Path.of(location);
            if (Files.isReadable(file)) {
                return Files.readString(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration " + location, e);
        }
        throw new IllegalArgumentException("the configuration '" + location + "' is neither a class path resource nor a readable file");
    }

    /**
     * Closes the server when the class's store closes: JUnit 5.13 closes AutoCloseable values, and
     * earlier versions only CloseableResource ones; either closes it once.
     */
    @SuppressWarnings("deprecation")
    private record Running(PolyfaceServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    /** Settings in code, for {@code @RegisterExtension}. */
    public static final class Builder {
        private List<String> dialects = List.of();
        private Optional<String> config = Optional.empty();
        private Optional<String> configYaml = Optional.empty();
        private Reset reset = Reset.PER_METHOD;
        private boolean ownPorts;

        private Builder() {
        }

        /** The dialects to serve; none named: every dialect on the class path. */
        public Builder dialects(String... ids) {
            this.dialects = List.of(ids);
            return this;
        }

        /** A configuration file: a class path resource, else a file path. */
        public Builder config(String location) {
            this.config = Optional.of(requireNonNull(location, "location is null"));
            return this;
        }

        /** A configuration given as YAML text; it wins over {@link #config}. */
        public Builder configYaml(String yaml) {
            this.configYaml = Optional.of(requireNonNull(yaml, "yaml is null"));
            return this;
        }

        public Builder reset(Reset when) {
            this.reset = requireNonNull(when, "when is null");
            return this;
        }

        /** Each dialect also on a port of its own with the vendor's bare paths. */
        public Builder ownPorts(boolean own) {
            this.ownPorts = own;
            return this;
        }

        public PolyfaceExtension build() {
            return new PolyfaceExtension(new Settings(dialects, config, configYaml, reset, ownPorts));
        }
    }
}
