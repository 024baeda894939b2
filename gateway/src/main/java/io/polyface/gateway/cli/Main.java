package io.polyface.gateway.cli;

/**
 * The {@code polyface} command ({@code polyface --help}): {@code serve}, {@code migrate}, {@code
 * journal} and {@code config}; see {@link Cli}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        io.helidon.logging.common.LogConfig.configureRuntime();
        int code = Cli.run(args, System.out, System.err);
        // serve returns once the shutdown hooks run; exiting then would wait for them forever.
        if (code == 0 && args.length > 0 && args[0].equals("serve")) {
            return;
        }
        System.exit(code);
    }
}
