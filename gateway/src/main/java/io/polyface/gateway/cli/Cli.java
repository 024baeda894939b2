package io.polyface.gateway.cli;

import io.polyface.gateway.internal.StartupException;
import io.polyface.gateway.internal.UserDirectory;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code polyface} command line: one parser for every command, {@code --help} and {@code
 * --version} on each, paths relative to the directory polyface was started from.
 *
 * <p>A command is one class, listed in {@code subcommands} below: a {@code @Command} whose options
 * are fields and whose work is {@code call()}, returning the exit code. It throws {@link
 * StartupException} when what it starts cannot start, {@link CommandFailed} when its work fails
 * (both: exit 1, one line on standard error), or {@link CommandLine.ParameterException} for a
 * usage error (exit 2, with the command's usage).
 */
@Command(name = "polyface", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Serves four face-recognition vendors' APIs from one gateway.",
        subcommands = {ServeCommand.class, MigrateCommand.class, JournalCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class Cli {
    private Cli() {
    }

    /** Runs a command line and returns its exit code (0 done, 1 failed, 2 usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        CommandLine line = commandLine();
        line.setOut(outWriter);
        line.setErr(errWriter);
        line.setParameterExceptionHandler((e, given) -> {
            CommandLine command = e.getCommandLine();
            errWriter.println("polyface: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, errWriter);
            errWriter.print("Usage: " + command.getHelp().synopsis(0).replaceFirst("^Usage: ", ""));
            errWriter.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for more.");
            return 2;
        });
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof StartupException startup) {
                errWriter.println("polyface: cannot start: " + startup.getMessage());
                return 1;
            }
            if (e instanceof CommandFailed failed) {
                errWriter.println("polyface: " + failed.getMessage());
                return 1;
            }
            throw e;
        });
        int code = line.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** The parser, with paths resolved against the user's directory. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Cli());
        line.registerConverter(Path.class, UserDirectory::resolve);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        return line;
    }
}
