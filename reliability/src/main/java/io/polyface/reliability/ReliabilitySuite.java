package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.Fuzzer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs the areas of the attack suite and prints each area's line as it ends. The fuzzer, the slow
 * reader and the flood share one gateway process serving every dialect (the flood last, since it
 * may leave it worn); the full disk and the kill -9 run start their own. Everything a run writes
 * (configurations, data, gateway logs, the fuzzer's failures) stays in the work directory.
 */
public final class ReliabilitySuite implements AutoCloseable {
    private final Sizing sizing;
    private final long seed;
    private final Path work;
    private final PrintStream out;
    private final Credentials credentials = Credentials.fresh();
    private final Photos photos = Photos.load();
    private Optional<GatewayProcess> shared = Optional.empty();

    public ReliabilitySuite(Sizing sizing, long seed, Path work, PrintStream out) {
        this.sizing = requireNonNull(sizing, "sizing is null");
        this.seed = seed;
        this.work = requireNonNull(work, "work is null");
        this.out = requireNonNull(out, "out is null");
        Tmpfs.unmountLeftover(work.resolve("full-disk").resolve("disk"));
        for (String earlier : List.of("gateway", "full-disk", "kill-9", "memory")) {
            deleteTree(work.resolve(earlier));
        }
    }

    /** Removes what an earlier run left, so that each run starts on empty data directories. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + root + " (a tmpfs still mounted there?)", e);
        }
    }

    public List<AreaResult> run(List<Area> areas) {
        List<AreaResult> results = new ArrayList<>();
        for (Area area : areas.stream().sorted().distinct().toList()) {
            results.add(run(area));
        }
        return results;
    }

    /** Runs one area; what stops it unexpectedly is one failed check, with the reason. */
    public AreaResult run(Area area) {
        long started = System.nanoTime();
        AreaResult result;
        try {
            result = switch (area) {
                case FUZZER -> new Fuzzer(client(), photos, seed, sizing.fuzzRequests(), work.resolve("fuzzer-failures.txt")).run();
                case SLOW_READER -> new SlowReader(client(), photos, sizing.slowReaderBytes(), sizing.slowReaderBytesPerSecond()).run();
                case CONNECTION_FLOOD -> new ConnectionFlood(shared(), sizing.floodConnections()).run();
                case FULL_DISK -> new FullDisk(work.resolve("full-disk"), photos, credentials).run();
                case KILL_9 -> new KillNine(work.resolve("kill-9"), photos, credentials, sizing.kills(), seed).run();
                case MEMORY -> new MemoryLoad(work.resolve("memory"), sizing.memoryFaces(), seed).run();
            };
            if (area == Area.FUZZER && shared.isPresent()) {
                result = withNote(result, "gateway after the fuzz corpus: " + ResidentMemory.of(shared.get().pid()).describe());
            }
        } catch (RuntimeException e) {
            result = new AreaResult(area, 1, 0, List.of(area.title() + " stopped: " + e), List.of());
        }
        print(result, Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    private static AreaResult withNote(AreaResult result, String note) {
        List<String> notes = new ArrayList<>(result.notes());
        notes.add(note);
        return new AreaResult(result.area(), result.tried(), result.passed(), result.failures(), notes);
    }

    private void print(AreaResult result, Duration took) {
        out.println(result.line() + " (" + took.toSeconds() + " s)");
        result.notes().forEach(note -> out.println("  " + note));
        result.failures().stream().limit(20).forEach(failure -> out.println("  FAILED " + cut(failure)));
        if (result.failures().size() > 20) {
            out.println("  ... and " + (result.failures().size() - 20) + " more");
        }
        out.flush();
    }

    private static String cut(String line) {
        return line.length() > 600 ? line.substring(0, 600) + "..." : line;
    }

    private GatewayClient client() {
        return new GatewayClient(shared().address(), credentials, Duration.ofSeconds(60));
    }

    /** The gateway of the fuzzer, the slow reader and the flood, started at first need. */
    private GatewayProcess shared() {
        if (shared.isEmpty()) {
            Path directory = work.resolve("gateway");
            shared = Optional.of(GatewayProcess.start("gateway", credentials.writeConfig(directory), directory.resolve("data")));
        }
        GatewayProcess gateway = shared.get();
        if (!gateway.alive()) {
            throw new IllegalStateException("the shared gateway process has died; its log ends:\n" + gateway.logTail());
        }
        return gateway;
    }

    @Override
    public void close() {
        shared.ifPresent(GatewayProcess::close);
        shared = Optional.empty();
    }
}
