package io.polyface.gateway.cli;

import io.polyface.gateway.Gateway;
import io.polyface.gateway.internal.EngineRegistry;
import io.polyface.gateway.internal.Glob;
import io.polyface.gateway.internal.ImageManifest;
import io.polyface.gateway.internal.Migration;
import io.polyface.toolkit.console.Progress;
import io.polyface.gateway.internal.UserDirectory;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.FaceEngine;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code polyface migrate}: copies a tenant's collections between two engines of the configuration (README, "Migration"). */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Copies a tenant's collections, faces and records from one configured engine to another.",
            "Resumable: run the same command again after an interruption."})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GatewayArguments gateway;

    @Option(names = "--from", required = true, paramLabel = "ENGINE", description = "The engine to copy from.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENGINE", description = "The engine to copy to.")
    String to;

    @Option(names = "--tenant", required = true, paramLabel = "T", description = "The tenant whose collections move.")
    String tenant;

    @Option(names = "--collections", paramLabel = "GLOB", description = "Only the collections whose names match (e.g. 'vip_*').")
    String collections;

    @Option(names = "--record-kinds", split = ",", paramLabel = "KIND", description = "The kinds of dialect records to copy too.")
    List<String> recordKinds = List.of();

    @Option(names = "--images", paramLabel = "FILE",
            description = "Photos of faces whose image the source cannot give: lines of <id><TAB><photo>.")
    Path images;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Where progress is kept for a resume (default: migrate-<tenant>-<from>-<to>.json).")
    Path checkpoint;

    @Override
    public Integer call() {
        if (from.equals(to)) {
            throw new ParameterException(spec.commandLine(), "--from and --to name the same engine.");
        }
        Path resume = Optional.ofNullable(checkpoint)
                .orElseGet(() -> UserDirectory.resolve("migrate-" + tenant + "-" + from + "-" + to + ".json"));
        Optional<ImageManifest> manifest;
        try {
            manifest = Optional.ofNullable(images).map(ImageManifest::read);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--images: " + e.getMessage() + ".");
        }
        List<String> kinds = recordKinds.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        PrintWriter out = spec.commandLine().getOut();
        try (EngineRegistry engines = Gateway.engines(gateway.options(OptionalInt.empty()))) {
            FaceEngine source = engine(engines, from);
            FaceEngine target = engine(engines, to);
            Migration.Plan plan = new Migration.Plan(tenant, Optional.ofNullable(collections).map(Glob::of), kinds, resume);
            plan = manifest.map(plan::withImages).orElse(plan);
            Progress progress = Progress.of("migrate", "faces", spec.commandLine().getErr());
            Migration.Report report;
            try {
                report = new Migration(source, target, listener(progress)).run(plan);
            } catch (FaceException | UncheckedIOException | IllegalArgumentException e) {
                throw new CommandFailed("migration stopped: " + e.getMessage() + ". Run the same command again to resume from "
                        + UserDirectory.display(resume) + ".", e);
            } finally {
                progress.finish();
            }
            out.println("Migrated tenant " + tenant + " from " + from + " to " + to + ": " + report.collections()
                    + " collections, " + report.copied() + " faces copied, " + report.alreadyThere()
                    + " already there, " + report.records() + " records.");
            if (!report.problems().isEmpty()) {
                out.println("Not carried over:");
                report.problems().forEach(p -> out.println("  - " + p));
            }
            out.println("Checkpoint: " + UserDirectory.display(resume) + " (run the same command again to resume)");
        }
        return 0;
    }

    private FaceEngine engine(EngineRegistry engines, String name) {
        return engines.engine(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "No engine '" + name + "' is configured; the engines are " + engines.names() + "."));
    }

    private static Migration.Listener listener(Progress progress) {
        return new Migration.Listener() {
            @Override
            public void note(String line) {
                progress.note(line);
            }

            @Override
            public void total(long faces) {
                progress.total(faces);
            }

            @Override
            public void advance(long faces) {
                progress.advance(faces);
            }
        };
    }
}
