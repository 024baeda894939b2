package io.polyface.engine.local;

import static io.polyface.engine.local.StoppableDatabase.freePort;
import static io.polyface.engine.local.bench.Benchmarks.intArg;
import static io.polyface.engine.local.bench.Benchmarks.stringArg;

import io.polyface.engine.local.index.SearchScaleBench;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two nodes on one database under write load, run by {@code ./polyface bench nodes}: node A (this
 * JVM) serves its embedded store on a fixed port and enrols a steady stream of faces; node B (a
 * second JVM, started here) reaches the store through {@code mongodb-uri} and searches back to back.
 * The collection is filled first with N synthetic 512-d faces (default 100,000) straight through
 * the store, as {@link StartupBench} does.
 *
 * <p>It reports B's search latency and, under writes, the time from A's acknowledgement of a face
 * to B's first result holding it (B searches with the face's own vector as soon as it hears of the
 * face; both clocks are the machine's wall clock): B alone (A idle) and B while A enrols {@code
 * --rate} faces a second with the change log, in {@code --rounds} turns of {@code --slice-seconds}
 * each so that both see the same load of the machine; then, with fresh nodes, the same writes with
 * the log off ({@code change-log.retain: 0}: every foreign write makes B reload the collection, the
 * behaviour before the log). Its last line: {@code nodes: rows N, search p99 alone X ms, under writes Y ms
 * (ratio R), visibility p99 Z ms, full reloads K}.
 */
public final class NodesBench {

    private static final CollectionRef REF = new CollectionRef("bench", "nodes");
    private static final int DIMENSION = FakeFaceAnalyzer.DIMENSION;

    private NodesBench() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--node-b")) {
            NodeB.run(args);
            return;
        }
        int rows = intArg(args, "--rows", 100_000);
        int rate = intArg(args, "--rate", 20);
        int rounds = intArg(args, "--rounds", 6);
        int sliceSeconds = intArg(args, "--slice-seconds", 5);
        int reloadSeconds = intArg(args, "--reload-seconds", 20);
        Path data = Files.createTempDirectory("polyface-nodes-");
        int port = freePort();
        try {
            fill(data, port, rows);

            Result alone;
            Result writes;
            try (LocalFaceEngine a = nodeA(data, port, true); NodeProcess b = NodeProcess.start(data, port, true, rows)) {
                // Alone and under writes in turns, so that both see the same load of the machine.
                Writer writer = new Writer(a, rate, rows);
                for (int round = 0; round < rounds; round++) {
                    b.run("alone", sliceSeconds, Optional.empty());
                    b.run("log", sliceSeconds, Optional.of(writer));
                }
                alone = b.report("alone");
                System.out.println(alone);
                writes = b.report("log");
                System.out.println(writes);
            }
            Result reloads;
            try (LocalFaceEngine a = nodeA(data, port, false); NodeProcess b = NodeProcess.start(data, port, false, rows)) {
                b.run("full-reload", reloadSeconds, Optional.of(new Writer(a, rate, rows + 1_000_000)));
                reloads = b.report("full-reload");
                System.out.println(reloads);
            }
            System.out.printf(Locale.ROOT, "with full reloads instead of the log: search p99 %.0f ms, visibility p99 %.0f ms, "
                    + "full reloads %d%n", reloads.searchP99(), reloads.visibleP99(), reloads.reloads());
            System.out.printf(Locale.ROOT, "nodes: rows %d, search p99 alone %.1f ms, under writes %.1f ms (ratio %.2f), "
                            + "visibility p99 %.1f ms, full reloads %d%n",
                    rows, alone.searchP99(), writes.searchP99(), writes.searchP99() / alone.searchP99(), writes.visibleP99(),
                    writes.reloads());
        } finally {
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- node A ------------------------------------------------------------------------------

    /** Node A on the data directory, serving the store on {@code port}, with the change log on or off. */
    private static LocalFaceEngine nodeA(Path data, int port, boolean log) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mongodb-embedded-port", String.valueOf(port));
        settings.put("index-snapshot-rows", "-1");
        if (!log) {
            settings.put("change-log.retain", "0");
        }
        return new LocalFaceEngine(new EngineContext("node-a", settings, data.resolve("a"), Clock.systemUTC()),
                new FakeFaceAnalyzer());
    }

    private static void fill(Path data, int port, int rows) {
        long start = System.nanoTime();
        try (LocalFaceEngine a = nodeA(data, port, true)) {
            a.createCollection(REF, CollectionSpec.unlimited());
            MongoFaceStore store = a.store();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            BenchFaces.insert(store, REF, rows, now, i -> new FaceRecord(new StoredFace("f" + i, REF, "t" + i,
                    Optional.empty(), Optional.empty(), new BoundingBox(0, 0, 100, 100), "", now), i, vector(i),
                    FakeFaceAnalyzer.FEATURE_VERSION));
        }
        System.out.printf(Locale.ROOT, "filled the embedded store with %,d faces in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
    }

    /** Node A's enrolment: one face every 1/rate s, each announced to B once acknowledged. */
    private static final class Writer {
        private final LocalFaceEngine engine;
        private final int rate;
        private final AtomicInteger next;

        Writer(LocalFaceEngine engine, int rate, int firstId) {
            this.engine = engine;
            this.rate = rate;
            this.next = new AtomicInteger(firstId);
        }

        ScheduledExecutorService start(PrintStream toB) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            timer.scheduleAtFixedRate(() -> {
                try {
                    int i = next.getAndIncrement();
                    engine.addVectors(REF, List.of(VectorFace.of("n" + i, "n" + i, vector(i))));
                    long acknowledged = micros(Instant.now());
                    synchronized (toB) {
                        toB.println("added " + i + " " + acknowledged);
                        toB.flush();
                    }
                } catch (RuntimeException e) {
                    // Thrown out of the task, it would cancel every later write without a word.
                    System.err.println("node A: enrolment failed: " + e);
                }
            }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            return timer;
        }
    }

    /** Node B as seen from A: a JVM talking over its standard input and output. */
    private static final class NodeProcess implements AutoCloseable {
        private final Process process;
        private final PrintStream in;
        private final BufferedReader out;

        private NodeProcess(Process process) {
            this.process = process;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Node B's heap: room for the float32 and int8 copies of every row and what a reload builds beside them. */
        static String heap(int rows) {
            long megabytes = Math.max(2048, 1024 + (long) rows * DIMENSION * 4 * 3 / (1 << 20));
            return "-Xmx" + megabytes + "m";
        }

        static NodeProcess start(Path data, int port, boolean log, int rows) throws IOException {
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", heap(rows), "-cp", System.getProperty("java.class.path"),
                    NodesBench.class.getName(), "--node-b", "--port", String.valueOf(port), "--data", data.resolve("b").toString()));
            if (!log) {
                command.add("--no-log");
            }
            NodeProcess node = new NodeProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            System.out.println(node.expect("ready"));
            return node;
        }

        /** B searches for {@code seconds} while the writer, if any, enrols; B keeps what it measured under the label. */
        void run(String label, int seconds, Optional<Writer> writer) throws IOException {
            in.println("run " + seconds + " " + label);
            Optional<ScheduledExecutorService> timer = writer.map(w -> w.start(in));
            expect("done");
            timer.ifPresent(t -> {
                t.shutdown();
                try {
                    t.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /** What B measured in every run of the label. */
        Result report(String label) throws IOException {
            in.println("report " + label);
            return Result.parse(expect("result"));
        }

        private String expect(String prefix) throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("node B ended before it said " + prefix);
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    /** What B reports of one run, in milliseconds. */
    record Result(String label, int searches, double searchP50, double searchP99, double searchMax, int visible,
            double visibleP50, double visibleP99, double visibleMax, long reloads, long catchUps) {

        static Result parse(String line) {
            String[] f = line.split(" ");
            return new Result(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Integer.parseInt(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]));
        }

        String line() {
            return String.format(Locale.ROOT, "result %s %d %.3f %.3f %.3f %d %.3f %.3f %.3f %d %d", label, searches,
                    searchP50, searchP99, searchMax, visible, visibleP50, visibleP99, visibleMax, reloads, catchUps);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-11s B: %,d searches, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %s; "
                            + "full reloads %d, catch-ups %d",
                    label, searches, searchP50, searchP99, searchMax,
                    visible == 0 ? "no writes" : String.format(Locale.ROOT,
                            "%d faces seen %.1f / %.1f / %.1f ms (p50 / p99 / max) after A acknowledged them",
                            visible, visibleP50, visibleP99, visibleMax),
                    reloads, catchUps);
        }
    }

    // ---- node B ------------------------------------------------------------------------------

    /** The searching node, in its own JVM: commands on standard input, results on standard output. */
    private static final class NodeB {

        /** A face A acknowledged, not yet seen in a result of B's. */
        private record Pending(int id, long acknowledgedMicros) {}

        static void run(String[] args) throws IOException, InterruptedException {
            Map<String, String> settings = new HashMap<>();
            settings.put("mongodb-uri", "mongodb://127.0.0.1:" + intArg(args, "--port", 0) + "/?directConnection=true");
            settings.put("index-snapshot-rows", "-1");
            // The embedded server checks its indexes against every stored face when B asks for them,
            // which outlasts the 10 s default timeout at 1M faces.
            settings.put("mongodb-socket-timeout-ms", "300000");
            if (Arrays.asList(args).contains("--no-log")) {
                settings.put("change-log.retain", "0");
            }
            Path data = Path.of(stringArg(args, "--data").orElseThrow());
            PrintStream out = System.out;
            BlockingQueue<String> commands = new LinkedBlockingQueue<>();
            ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("added ")) {
                            String[] f = line.split(" ");
                            pending.add(new Pending(Integer.parseInt(f[1]), Long.parseLong(f[2])));
                        } else {
                            commands.add(line);
                        }
                    }
                    commands.add("quit");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "node-b-commands");
            reader.setDaemon(true);
            reader.start();

            try (LocalFaceEngine engine = new LocalFaceEngine(new EngineContext("node-b", settings, data, Clock.systemUTC()),
                    new FakeFaceAnalyzer())) {
                SplittableRandom random = new SplittableRandom(42);
                long start = System.nanoTime();
                search(engine, SearchScaleBench.unit(DIMENSION, random));
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                for (int i = 0; i < 50; i++) {
                    search(engine, SearchScaleBench.unit(DIMENSION, random));
                }
                out.printf(Locale.ROOT, "ready: node B loaded the index in %.1f s%n", loadSeconds);
                out.flush();
                Map<String, Samples> samples = new HashMap<>();
                for (String command = commands.take(); !command.equals("quit"); command = commands.take()) {
                    String[] f = command.split(" ");
                    if (f[0].equals("run")) {
                        measure(engine, samples.computeIfAbsent(f[2], l -> new Samples()), Integer.parseInt(f[1]), pending, random);
                        out.println("done");
                    } else {
                        out.println(samples.getOrDefault(f[1], new Samples()).result(f[1]).line());
                    }
                    out.flush();
                }
            }
        }

        /** What B measured under one label, over all its runs. */
        private static final class Samples {
            final List<Long> searches = new ArrayList<>();
            final List<Long> visible = new ArrayList<>();
            long reloads;
            long catchUps;

            Result result(String label) {
                long[] s = searches.stream().mapToLong(Long::longValue).sorted().toArray();
                long[] v = visible.stream().mapToLong(Long::longValue).sorted().toArray();
                return new Result(label, s.length, percentile(s, 0.5), percentile(s, 0.99), percentile(s, 1), v.length,
                        percentile(v, 0.5), percentile(v, 0.99), percentile(v, 1), reloads, catchUps);
            }
        }

        private static void measure(LocalFaceEngine engine, Samples samples, int seconds, ConcurrentLinkedQueue<Pending> pending,
                SplittableRandom random) {
            // Faces A acknowledged after the last run ended belong to no run.
            pending.clear();
            CollectionIndexes.Counters before = engine.indexCounters();
            List<Long> searches = samples.searches;
            List<Long> visible = samples.visible;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Pending next = pending.peek();
                float[] probe = next == null ? SearchScaleBench.unit(DIMENSION, random) : vector(next.id());
                long startedMicros = micros(Instant.now());
                long started = System.nanoTime();
                List<SearchHit> hits = search(engine, probe);
                searches.add(System.nanoTime() - started);
                if (next != null && hits.stream().anyMatch(h -> h.face().faceId().equals("n" + next.id()))) {
                    visible.add((micros(Instant.now()) - next.acknowledgedMicros()) * 1000);
                    // Faces acknowledged before this search began have waited in line behind this one: measuring
                    // them now would count the queue, not the delay, so they are left out.
                    pending.removeIf(p -> p.acknowledgedMicros() < startedMicros);
                }
            }
            CollectionIndexes.Counters after = engine.indexCounters();
            samples.reloads += after.reloads() - before.reloads();
            samples.catchUps += after.catchUps() - before.catchUps();
        }

        private static List<SearchHit> search(LocalFaceEngine engine, float[] probe) {
            return engine.search(new SearchQuery(List.of(REF),
                    new Probe.EmbeddingProbe(new Embedding(probe, FakeFaceAnalyzer.FEATURE_VERSION)), 10, -1, false)).hits();
        }
    }

    // ---- shared ------------------------------------------------------------------------------

    /** Face i's vector, the same in both JVMs. */
    static float[] vector(int i) {
        return SearchScaleBench.unit(DIMENSION, new SplittableRandom(1_000_003L * i + 17));
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds; 0 when there are none. */
    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
