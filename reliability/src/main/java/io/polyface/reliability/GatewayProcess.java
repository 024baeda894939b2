package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a process of its own ({@code io.polyface.gateway.cli.Main serve}), as an operator runs
 * it: the suite reaches it only over its port, so it can be flooded, starved of disk and killed.
 * Its output goes to a log file beside its configuration.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Polyface listening on http://([^:/\\s]+):(\\d+)");
    /** How long a start may take (the models load); a bound on waiting, not a goal. */
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    /** The launcher's JVM flags, passed down by {@code ./polyface verify reliability}. */
    public static final String JVM_FLAGS_PROPERTY = "polyface.reliability.gateway-jvm-flags";

    /** Gateways still running, ended when this JVM ends so that none is left behind (a test run stopped, say). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "gateway-processes-end"));
    }

    private final String name;
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private GatewayProcess(String name, Process process, InetSocketAddress address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts a gateway and waits until it listens.
     *
     * @param name names the log file ({@code <name>.log}) and the process in messages
     * @param config the configuration file ({@code --config})
     * @param data the data directory ({@code --data})
     */
    public static GatewayProcess start(String name, Path config, Path data) {
        requireNonNull(config, "config is null");
        Path log = config.resolveSibling(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", classpath(), "io.polyface.gateway.cli.Main", "serve", "--port", "0",
                "--data", data.toString(), "--config", config.toString()));
        Process process;
        try {
            Files.deleteIfExists(log);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a gateway process", e);
        }
        try {
            return new GatewayProcess(name, process, awaitListening(name, process, log), log);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * The launcher's flags when it passed them (one a line), else the same set: the vector module, native access,
     * ZGC, the gateway's logging configuration.
     */
    private static List<String> jvmFlags() {
        String given = System.getProperty(JVM_FLAGS_PROPERTY, "").strip();
        if (!given.isEmpty()) {
            // One flag a line (a path in a flag may hold spaces), or separated by spaces.
            return Arrays.stream(given.split(given.contains("\n") ? "\n" : "\\s+")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        }
        List<String> flags = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseZGC"));
        if (Runtime.version().feature() >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        Optional.ofNullable(System.getProperty("java.util.logging.config.file"))
                .ifPresent(file -> flags.add("-Djava.util.logging.config.file=" + file));
        return flags;
    }

    /** The {@code java} of the JVM the suite runs in. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's class path, which holds the gateway with every dialect and engine. Surefire starts
     * tests from a manifest-only jar, so there {@code java.class.path} names only that jar.
     */
    static String classpath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                .filter(cp -> !cp.isBlank())
                .orElseGet(() -> System.getProperty("java.class.path"));
    }

    private static InetSocketAddress awaitListening(String name, Process process, Path log) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                Matcher listening = LISTENING.matcher(output);
                if (listening.find()) {
                    return new InetSocketAddress(listening.group(1), Integer.parseInt(listening.group(2)));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway process " + name + " exited with " + process.exitValue()
                            + " before listening:\n" + tail(output));
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the gateway process " + name + " did not listen within " + START_LIMIT.toSeconds()
                    + " s:\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " started", e);
        }
    }

    public String name() {
        return name;
    }

    /** The main port's address. */
    public InetSocketAddress address() {
        return address;
    }

    public URI baseUri() {
        return URI.create("http://" + RawHttp.hostHeader(address));
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            return tail(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the process ends at once, with no shutdown hook, as in a power cut of the JVM. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 60 s. */
    public void stop() {
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(60))) {
            kill9();
        }
    }

    private boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }
}
