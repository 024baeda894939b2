package io.polyface.engine.local.bench;

import io.polyface.engine.local.ModelStore;
import io.polyface.engine.local.OnnxFacePipeline;
import io.polyface.spi.FaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Images per second of the whole analysis (decode included) on the first 40 {@code *\/*.jpg} of
 * the faces directory in path order, the same selection as the Python reference's speed mode.
 *
 * <pre>
 * ./mvnw -q -B -pl engine-local test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp engine-local/target/test-classes:engine-local/target/classes:$(cat engine-local/target/test.classpath) \
 *     io.polyface.engine.local.bench.AnalysisBench [faces-dir] [--threads 2] [--intra-op N] [--rounds 5]
 * </pre>
 *
 * <p>The faces directory defaults to the {@code polyface.faces} system property.
 */
public final class AnalysisBench {

    private AnalysisBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("polyface.faces", "../shared/faces"));
        int threads = 2;
        int intraOp = Runtime.getRuntime().availableProcessors();
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--intra-op" -> intraOp = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> root = Path.of(args[i]);
            }
        }
        List<byte[]> images = firstJpegs(root, 40);
        OnnxFacePipeline.Options options = OnnxFacePipeline.Options.defaults().withIntraOpThreads(intraOp);
        try (OnnxFacePipeline pipeline = OnnxFacePipeline.open(ModelStore.ensureDefault(), options);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            run(pipeline, pool, images, 1); // warm-up: JIT, ORT arenas, scratch pools
            long start = System.nanoTime();
            int faces = run(pipeline, pool, images, rounds);
            double seconds = (System.nanoTime() - start) / 1e9;
            int n = images.size() * rounds;
            System.out.printf(Locale.ROOT,
                    "%d images (%d faces), %d threads, intra-op %d, decode included: %.1f ms per image, %.1f images/s%n",
                    n, faces, threads, intraOp, 1000 * seconds / n, n / seconds);
        }
    }

    private static int run(OnnxFacePipeline pipeline, ExecutorService pool, List<byte[]> images, int rounds)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger faces = new AtomicInteger();
        int total = images.size() * rounds;
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize(); t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    try {
                        faces.addAndGet(pipeline.analyze(images.get(i % images.size())).size());
                    } catch (FaceException.UndecodableImage e) {
                        // the selection includes edge/ files; refusing them is part of the work
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return faces.get();
    }

    private static List<byte[]> firstJpegs(Path root, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> dirs = Files.list(root)) {
            files = dirs.filter(Files::isDirectory)
                    .flatMap(AnalysisBench::list)
                    .filter(p -> p.getFileName().toString().endsWith(".jpg"))
                    .sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .limit(count)
                    .toList();
        }
        List<byte[]> images = new ArrayList<>();
        for (Path f : files) {
            images.add(Files.readAllBytes(f));
        }
        return images;
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
