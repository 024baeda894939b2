package io.polyface.engine.local;

import static io.polyface.engine.local.bench.Benchmarks.intArg;
import static io.polyface.engine.local.bench.Benchmarks.stringArg;

import io.polyface.engine.local.index.SearchScaleBench;
import io.polyface.engine.local.store.Ids;
import io.polyface.engine.local.store.LocalEngineSettings;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.engine.local.store.MongoFaceStore.FaceRecord;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Start-up with many stored faces, run by {@code ./polyface bench startup}: fills the embedded
 * MongoDB (H2 on disk) with N faces of one collection straight through the store (default 100,000),
 * then opens a fresh engine on the same directory and times the first search, which loads the
 * collection's index from MongoDB, and the searches after it; then restarts the engine, whose first
 * search now loads the index from the snapshot the clean close wrote.
 */
public final class StartupBench {

    private StartupBench() {
    }

    public static void main(String[] args) throws IOException {
        int rows = intArg(args, "--rows", 100_000);
        // --reuse DIR: a directory an earlier run filled with the same --rows (filling a million takes a quarter hour).
        Optional<Path> reuse = stringArg(args, "--reuse").map(Path::of);
        // --keep: leave the filled directory behind (its path is printed) for a later --reuse.
        boolean keep = Arrays.asList(args).contains("--keep");
        Path data = reuse.isPresent() ? reuse.get() : Files.createTempDirectory("polyface-startup-");
        CollectionRef ref = new CollectionRef("bench", "faces");
        int dimension = 512;
        Map<String, String> settings = Map.of();
        EngineContext context = new EngineContext("local", settings, data, Clock.systemUTC());

        float[] probe = storedVector(rows / 2, dimension);
        long fillStart = System.nanoTime();
        if (reuse.isPresent()) {
            System.out.printf(Locale.ROOT, "reusing the store in %s (%,d MB on disk)%n", data, size(data) >> 20);
        } else try (MongoFaceStore store = MongoFaceStore.open(LocalEngineSettings.from(context), data)) {
            Instant now = Instant.now();
            store.insertCollection(ref, CollectionSpec.unlimited().withFeatureVersion(FakeFaceAnalyzer.FEATURE_VERSION), now);
            SplittableRandom random = new SplittableRandom(1);
            BenchFaces.insert(store, ref, rows, now, i -> new FaceRecord(new StoredFace(Ids.newId(), ref, "t" + i,
                    Optional.empty(), Optional.empty(), new BoundingBox(0, 0, 100, 100), Ids.newId(), now), i,
                    SearchScaleBench.unit(dimension, random), FakeFaceAnalyzer.FEATURE_VERSION));
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            System.out.printf(Locale.ROOT, "filled the embedded store with %,d faces of %d floats in %.1f s (%.0f faces/s), %,d MB on disk%n",
                    rows, dimension, fillSeconds, rows / fillSeconds, size(data) >> 20);
        }

        SearchQuery query = new SearchQuery(List.of(ref),
                new Probe.EmbeddingProbe(new Embedding(probe, FakeFaceAnalyzer.FEATURE_VERSION)), 10, -1, false);
        long open = System.nanoTime();
        try (LocalFaceEngine engine = new LocalFaceEngine(context, new FakeFaceAnalyzer())) {
            FirstSearch first = FirstSearch.of(engine, query, open);
            long next = System.nanoTime();
            int repeats = 20;
            for (int i = 0; i < repeats; i++) {
                engine.search(query);
            }
            System.out.printf(Locale.ROOT, "fresh engine: opened in %.1f s; first search (loads the index from MongoDB) %.1f s"
                            + " (%.0f faces/s); then %.1f ms per search; best hit score %.3f%n",
                    first.openSeconds(), first.seconds(), rows / first.seconds(), (System.nanoTime() - next) / 1e6 / repeats,
                    first.bestScore());
        }
        // The clean close above wrote an index snapshot: the next start reads it instead of MongoDB.
        long reopen = System.nanoTime();
        try (LocalFaceEngine engine = new LocalFaceEngine(context, new FakeFaceAnalyzer())) {
            FirstSearch first = FirstSearch.of(engine, query, reopen);
            System.out.printf(Locale.ROOT, "restarted engine: opened in %.1f s; first search (loads the index from its "
                            + "snapshot) %.1f s (%.0f faces/s); best hit score %.3f%n",
                    first.openSeconds(), first.seconds(), rows / first.seconds(), first.bestScore());
        }
        if (keep) {
            System.out.printf(Locale.ROOT, "kept the store in %s for --reuse%n", data);
        } else if (reuse.isEmpty()) {
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** The first search of an engine, which loads the collection's index: seconds to open, to search, and the best score. */
    private record FirstSearch(double openSeconds, double seconds, double bestScore) {
        static FirstSearch of(LocalFaceEngine engine, SearchQuery query, long openedFromNanos) {
            double openSeconds = (System.nanoTime() - openedFromNanos) / 1e9;
            long start = System.nanoTime();
            SearchResult result = engine.search(query);
            return new FirstSearch(openSeconds, (System.nanoTime() - start) / 1e9, result.hits().getFirst().score());
        }
    }

    /** The probe: the vector of face {@code n}, the {@code n}th of the sequence the fill stores. */
    private static float[] storedVector(int n, int dimension) {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            SearchScaleBench.unit(dimension, random);
        }
        return SearchScaleBench.unit(dimension, random);
    }
}
