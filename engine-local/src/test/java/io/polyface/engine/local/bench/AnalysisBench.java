package io.polyface.engine.local.bench;

import io.polyface.engine.local.pipeline.ModelStore;
import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 *     io.polyface.engine.local.bench.AnalysisBench [faces-dir] [--threads 2] [--intra-op N] [--rounds 5] \
 *     [--features none|all|pose,quality,...]
 * </pre>
 *
 * <p>Without {@code --features} the bench runs the enrolment path ({@code analyze(image)}); with it,
 * the detection-request path ({@code analyze(image, features)}): {@code none} for faces only, {@code
 * all} for every detail, or a comma-separated list of {@link FaceFeature} names.
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
        Optional<Set<FaceFeature>> features = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--features" -> features = Optional.of(features(args[++i]));
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
            Function<byte[], List<DetectedFace>> analysis = features.<Function<byte[], List<DetectedFace>>>map(
                    f -> image -> pipeline.analyze(image, f)).orElse(pipeline::analyze);
            run(analysis, pool, images, 1); // warm-up: JIT, ORT arenas, scratch pools
            long start = System.nanoTime();
            int faces = run(analysis, pool, images, rounds);
            double seconds = (System.nanoTime() - start) / 1e9;
            int n = images.size() * rounds;
            System.out.printf(Locale.ROOT,
                    "%d images (%d faces), %d threads, intra-op %d, details %s, decode included: %.1f ms per image, "
                            + "%.1f images/s%n",
                    n, faces, threads, intraOp, features.map(Object::toString).orElse("none (enrolment path)"),
                    1000 * seconds / n, n / seconds);
        }
    }

    private static Set<FaceFeature> features(String names) {
        return switch (names) {
            case "none" -> EnumSet.noneOf(FaceFeature.class);
            case "all" -> EnumSet.allOf(FaceFeature.class);
            default -> {
                Set<FaceFeature> set = EnumSet.noneOf(FaceFeature.class);
                for (String name : names.split(",")) {
                    set.add(FaceFeature.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                }
                yield set;
            }
        };
    }

    private static int run(Function<byte[], List<DetectedFace>> analysis, ExecutorService pool, List<byte[]> images,
            int rounds)
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
                        faces.addAndGet(analysis.apply(images.get(i % images.size())).size());
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
