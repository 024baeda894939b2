package io.polyface.gateway.cli;

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
}
