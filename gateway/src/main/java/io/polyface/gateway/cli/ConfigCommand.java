package io.polyface.gateway.cli;

import io.helidon.config.Config;
import io.polyface.gateway.internal.ConfigLoader;
import io.polyface.gateway.internal.EffectiveSettings;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.Plugins;
import io.polyface.gateway.internal.RoutingSettings;
import io.polyface.gateway.internal.SettingsReference;
import io.polyface.gateway.internal.SettingsSchema;
import io.polyface.gateway.internal.StartupException;
import io.polyface.gateway.internal.UserDirectory;
import io.polyface.spi.dialect.DialectProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code polyface config check|show|reference}: the configuration without starting anything. */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Checks, shows or documents the configuration, without starting anything.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class, ConfigCommand.Reference.class})
final class ConfigCommand {
    private ConfigCommand() {
    }

    /** The problems of a configuration: the schema's, and engine names that routing cannot resolve. */
    static List<String> problems(ConfigLoader.Loaded loaded) {
        List<String> problems = new ArrayList<>();
        loaded.problems().forEach(p -> problems.add(p.toString()));
        if (problems.isEmpty()) {
            Config config = loaded.config();
            try {
                RoutingSettings.table(config, engines(config));
            } catch (StartupException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private static Set<String> engines(Config config) {
        Set<String> names = new TreeSet<>();
        config.get("engines").asNodeList().orElse(List.of()).stream()
                .filter(e -> !e.get("enabled").asString().orElse("true").equalsIgnoreCase("false"))
                .forEach(e -> names.add(e.name()));
        return names;
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Checks a configuration file against the schema of every key (exit 0: valid, 1: not).",
                "Unknown keys and wrong values are named with their line."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The YAML file, as given to serve --config.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ConfigLoader.Loaded loaded = ConfigLoader.read(
                    new GatewayOptions(OptionalInt.empty(), Optional.empty(), Optional.of(file), Map.of()), SettingsSchema.discover());
            List<String> problems = problems(loaded);
            if (!problems.isEmpty()) {
                problems.forEach(out::println);
                return 1;
            }
            Config config = loaded.config();
            out.println(UserDirectory.display(file) + ": valid. Dialects " + config.get("dialects.enabled").asList(String.class)
                    .orElseGet(() -> List.copyOf(new TreeSet<>(Plugins.discover(DialectProvider.class, DialectProvider::id).keySet()))) + ", engines " + engines(config) + ", main port " + config.get("server.port").asString().orElse("?")
                    + ".");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Prints the configuration in force as YAML: every key with the value it takes (the file's, else its"
                + " default).", "Secrets (keys, tokens, passwords, credentials in URIs) are masked."})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayArguments gateway;

        @Option(names = "--port", paramLabel = "N", description = "The main port, as serve --port would set it.")
        Integer port;

        @Override
        public Integer call() {
            ConfigLoader.Loaded loaded = ConfigLoader.read(gateway.options(gateway.port(port)), SettingsSchema.discover());
            PrintWriter out = spec.commandLine().getOut();
            out.println("# The configuration in force" + (gateway.config == null ? " (built-in defaults)"
                    : ": " + UserDirectory.display(gateway.config) + " over the defaults") + "; secrets masked.");
            out.print(EffectiveSettings.yaml(loaded));
            out.flush();
            List<String> problems = problems(loaded);
            if (!problems.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("polyface: this configuration would not start:");
                problems.forEach(p -> err.println("  " + p));
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Prints the reference of every key (Markdown; docs/configuration.md is this output).")
    static final class Reference implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(SettingsReference.markdown(SettingsSchema.discover()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
