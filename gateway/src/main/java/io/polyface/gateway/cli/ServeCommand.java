package io.polyface.gateway.cli;

import io.helidon.webserver.WebServer;
import io.polyface.gateway.Gateway;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code polyface serve}: runs the gateway until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs the gateway: every enabled dialect on the main port (and on its own port if it has one).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GatewayArguments gateway;

    @Option(names = "--port", paramLabel = "N", description = "The main port (overrides server.port; 0 picks a free one).")
    Integer port;

    @Override
    public Integer call() {
        Gateway running = Gateway.start(gateway.options(gateway.port(port)));
        PrintWriter err = spec.commandLine().getErr();
        running.onListenerStopped(socket -> exitForRestart(socket, err));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "polyface-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        String base = running.baseUri().toString();
        out.println("Polyface listening on " + base);
        for (String id : running.dialectIds()) {
            out.println("  " + id + ": " + base + "/" + id + "/"
                    + running.dialectPort(id).map(p -> "  and http://127.0.0.1:" + p + "/").orElse(""));
        }
        out.println("  health: " + base + "/observe/health, metrics: " + base + "/observe/metrics, admin: " + base
                + "/admin/dialects");
        out.println("  contracts and docs: " + base + "/docs, index: " + base + "/");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The exit status when a listener stopped on its own. */
    static final int EXIT_LISTENER_STOPPED = 3;
    private static final int EXIT_GRACE_SECONDS = 30;

    /**
     * A port stopped accepting connections and the process would otherwise live on deaf: exit non-zero
     * so that a supervisor restarts it. The shutdown hook still closes the engines; should it hang,
     * the process halts after {@value #EXIT_GRACE_SECONDS} seconds.
     */
    private static void exitForRestart(String socket, PrintWriter err) {
        err.println("polyface: the listener of "
                + (WebServer.DEFAULT_SOCKET_NAME.equals(socket) ? "the main port" : "port '" + socket + "'")
                + " stopped (see the log); exiting so that a supervisor restarts the gateway.");
        err.flush();
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
}
