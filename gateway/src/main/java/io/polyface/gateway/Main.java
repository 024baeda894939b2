package io.polyface.gateway;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/** {@code polyface serve [--port N] [--data DIR] [--config FILE]}. */
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
        }
    }

    private static void run(String[] args, PrintStream out) {
        if (args.length == 0 || !args[0].equals("serve")) {
            throw new UsageException(args.length == 0 ? "No command given." : "Unknown command '" + args[0] + "'.");
        }
        GatewayOptions options = parse(args);
        Gateway gateway = Gateway.start(options);
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
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        return "usage: polyface serve [--port N] [--data DIR] [--config FILE]";
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
