package io.polyface.gateway.cli;

import io.polyface.gateway.internal.GatewayOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that say which configuration a command works with: {@code --config} and {@code --data}. */
final class GatewayArguments {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML file whose keys override the built-in defaults (see 'polyface config reference').")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the engines keep their data (overrides data-dir; default: ./data).")
    Path data;

    GatewayOptions options(OptionalInt port) {
        return new GatewayOptions(port, Optional.ofNullable(data), Optional.ofNullable(config), Map.of());
    }

    /** A port option's value, checked. */
    OptionalInt port(Integer port) {
        if (port == null) {
            return OptionalInt.empty();
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, not " + port + ".");
        }
        return OptionalInt.of(port);
    }
}
