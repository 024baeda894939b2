package io.polyface.gateway;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * {@code polyface serve [--port N] [--data DIR] [--config FILE]} and {@code polyface migrate --from
 * ENGINE --to ENGINE --tenant T [--collections GLOB] [--record-kinds K,...] [--images FILE]
 * [--checkpoint FILE] [--data DIR] [--config FILE]} and {@code polyface journal [--url URL] [--dialect D]
 * [--token T] [--limit N]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        io.helidon.logging.common.LogConfig.configureRuntime();
        PrintStream out = System.out;
        try {
            run(args, out);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
        } catch (StartupException e) {
            System.err.println("polyface: cannot start: " + e.getMessage());
            System.exit(1);
        } catch (CommandFailed e) {
            System.err.println("polyface: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args, PrintStream out) {
        if (args.length > 0 && args[0].equals("migrate")) {
            migrate(args, out);
            return;
        }
        if (args.length > 0 && args[0].equals("journal")) {
            JournalDump.run(args, Optional.ofNullable(System.getenv(JournalDump.TOKEN_VARIABLE)).filter(t -> !t.isBlank()), out);
            out.flush();
            return;
        }
        if (args.length == 0 || !args[0].equals("serve")) {
            throw new UsageException(args.length == 0 ? "No command given." : "Unknown command '" + args[0] + "'.");
        }
        GatewayOptions options = parse(args);
        Gateway gateway = Gateway.start(options);
        gateway.onListenerStopped(Main::exitForRestart);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "polyface-shutdown"));
        out.println("Polyface listening on " + gateway.baseUri());
        for (String id : gateway.dialectIds()) {
            out.println("  " + id + ": " + gateway.baseUri() + "/" + id + "/"
                    + gateway.dialectPort(id).map(p -> "  and http://127.0.0.1:" + p + "/").orElse(""));
        }
        out.println("  health: " + gateway.baseUri() + "/observe/health, metrics: " + gateway.baseUri()
                + "/observe/metrics, admin: " + gateway.baseUri() + "/admin/dialects");
        out.println("  contracts and docs: " + gateway.baseUri() + "/docs, index: " + gateway.baseUri() + "/");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A port stopped accepting connections and the process would otherwise live on deaf: exit non-zero
     * so that a supervisor restarts it. The shutdown hook still closes the engines; should it hang,
     * the process halts after {@value #EXIT_GRACE_SECONDS} seconds.
     */
    private static void exitForRestart(String socket) {
        System.err.println("polyface: the listener of " + (io.helidon.webserver.WebServer.DEFAULT_SOCKET_NAME.equals(socket) ? "the main port" : "port '" + socket + "'")
                + " stopped (see the log); exiting so that a supervisor restarts the gateway.");
        Thread.ofPlatform().daemon().name("polyface-exit-grace").start(() -> {
            try {
                Thread.sleep(EXIT_GRACE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(EXIT_LISTENER_STOPPED);
        });
        System.exit(EXIT_LISTENER_STOPPED);
    }

    /** The exit status when a listener stopped on its own. */
    static final int EXIT_LISTENER_STOPPED = 3;
    private static final int EXIT_GRACE_SECONDS = 30;

    /** Copies a tenant's collections between two engines of the configuration (README, "Migration"). */
    static void migrate(String[] args, PrintStream out) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new UsageException("Option " + flag + " needs a value.");
            }
            flags.put(flag.substring(2), args[++i]);
        }
        java.util.Set<String> known = java.util.Set.of("from", "to", "tenant", "collections", "record-kinds", "images",
                "checkpoint", "data", "config");
        for (String flag : flags.keySet()) {
            if (!known.contains(flag)) {
                throw new UsageException("Unknown option --" + flag + ".");
            }
        }
        String from = required(flags, "from");
        String to = required(flags, "to");
        String tenant = required(flags, "tenant");
        if (from.equals(to)) {
            throw new UsageException("--from and --to name the same engine.");
        }
        GatewayOptions options = new GatewayOptions(OptionalInt.empty(),
                Optional.ofNullable(flags.get("data")).map(Path::of),
                Optional.ofNullable(flags.get("config")).map(Path::of), Map.of());
        Path checkpoint = Path.of(flags.getOrDefault("checkpoint", "migrate-" + tenant + "-" + from + "-" + to + ".json"));
        java.util.List<String> kinds = flags.containsKey("record-kinds")
                ? java.util.Arrays.stream(flags.get("record-kinds").split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList()
                : java.util.List.of();
        Optional<io.polyface.gateway.internal.ImageManifest> images;
        try {
            images = Optional.ofNullable(flags.get("images")).map(Path::of).map(io.polyface.gateway.internal.ImageManifest::read);
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException("--images: " + e.getMessage() + ".");
        }
        try (io.polyface.gateway.internal.EngineRegistry engines = Gateway.engines(options)) {
            var source = engines.engine(from).orElseThrow(() -> new UsageException("No engine '" + from + "' is configured; "
                    + "the engines are " + engines.names() + "."));
            var target = engines.engine(to).orElseThrow(() -> new UsageException("No engine '" + to + "' is configured; "
                    + "the engines are " + engines.names() + "."));
            var plan = new io.polyface.gateway.internal.Migration.Plan(tenant,
                    Optional.ofNullable(flags.get("collections")).map(io.polyface.gateway.internal.Glob::of), kinds, checkpoint);
            plan = images.map(plan::withImages).orElse(plan);
            io.polyface.gateway.internal.Migration.Report report;
            try {
                report = new io.polyface.gateway.internal.Migration(source, target, line -> {
                    out.println(line);
                    out.flush();
                }).run(plan);
            } catch (io.polyface.spi.FaceException | java.io.UncheckedIOException | IllegalArgumentException e) {
                throw new CommandFailed("migration stopped: " + e.getMessage() + ". Run the same command again to resume from "
                        + checkpoint.toAbsolutePath() + ".", e);
            }
            out.println("Migrated tenant " + tenant + " from " + from + " to " + to + ": " + report.collections()
                    + " collections, " + report.copied() + " faces copied, " + report.alreadyThere()
                    + " already there, " + report.records() + " records.");
            if (!report.problems().isEmpty()) {
                out.println("Not carried over:");
                report.problems().forEach(p -> out.println("  - " + p));
            }
            out.println("Checkpoint: " + checkpoint.toAbsolutePath() + " (run the same command again to resume)");
        }
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("migrate needs --" + name + ".");
        }
        return value;
    }

    static GatewayOptions parse(String[] args) {
        OptionalInt port = OptionalInt.empty();
        Optional<Path> data = Optional.empty();
        Optional<Path> config = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException("Option " + flag + " needs a value.");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = OptionalInt.of(parsePort(value));
                case "--data" -> data = Optional.of(Path.of(value));
                case "--config" -> config = Optional.of(Path.of(value));
                default -> throw new UsageException("Unknown option " + flag + ".");
            }
        }
        return new GatewayOptions(port, data, config, Map.of());
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new UsageException("--port must be 0..65535, not " + value + ".");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, not '" + value + "'.");
        }
    }

    private static String usage() {
        return "usage: polyface serve [--port N] [--data DIR] [--config FILE]\n"
                + "       polyface migrate --from ENGINE --to ENGINE --tenant T [--collections GLOB]\n"
                + "                        [--record-kinds K1,K2] [--images FILE] [--checkpoint FILE] [--data DIR] [--config FILE]\n"
                + "       polyface journal [--url http://127.0.0.1:8080] [--dialect D] [--token T] [--limit N]";
    }

    /** A command ran and failed; the message says what to do. */
    static final class CommandFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
