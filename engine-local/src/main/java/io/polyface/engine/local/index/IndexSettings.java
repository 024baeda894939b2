package io.polyface.engine.local.index;

import io.polyface.engine.local.index.hnsw.GraphSettings;
import io.polyface.engine.local.index.hnsw.GraphShards;
import io.polyface.engine.local.index.hnsw.GraphSpace;
import io.polyface.spi.engine.EngineContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the local engine's vector indexes search, read from the engine's configuration. Every key is
 * optional.
 *
 * <ul>
 *   <li>{@code search-threads}: threads one exact scan may use (default: the number of cores, at
 *       most 8). A scan is split into contiguous row ranges only when each range has at least
 *       {@code parallel-scan-rows} rows (default 50,000): below that one thread finishes before
 *       handing work over pays off.
 *   <li>{@code int8-scan}: {@code true} keeps an int8 copy of each vector with a
 *       per-vector scale and scans that first, then re-scores the best candidates in float32. The
 *       result is still exact: the re-scored top k is accepted only when a bound on the int8 error
 *       proves that no other row can beat it, else the float32 matrix is scanned. Used for
 *       collections of at least {@code int8-scan-rows} rows (default 20,000). Off by default: on
 *       an AVX-512 machine widening bytes to floats costs more than the memory it saves.
 *   <li>{@code hnsw-threshold}: collections with at least this many faces also get an HNSW graph
 *       (jvector), built in the background while exact search serves, and searched once built
 *       (default 200,000; {@code 0} turns graphs off). A graph is dropped again below half the
 *       threshold.
 *   <li>{@code hnsw-m} (48, the most neighbours per node), {@code hnsw-beam-width} (150, the
 *       build's candidate list), {@code hnsw-build-threads} (the number of cores; the build threads
 *       run at low priority).
 *   <li>{@code hnsw-shards} (2, or 1 on one core): a graph is split into this many shards by
 *       ordinal, walked side by side (see {@link GraphShards}).
 *   <li>{@code hnsw-ef-search}: the search's beam in each shard: 600 with two shards, 1000 with
 *       one, for recall@10 about 0.98-0.99 over 1M face-like vectors (docs/benchmarks.md).
 *   <li>{@code hnsw-variance-kept} (0.98): graphs are built and walked in the space of the principal
 *       components that keep this share of the embeddings' variance (see {@link GraphSpace}); {@code
 *       1} keeps the full vectors. Hits are re-scored on the full vectors either way.
 * </ul>
 */
public record IndexSettings(
        int searchThreads,
        int parallelScanRows,
        boolean int8Scan,
        int int8ScanRows,
        int hnswThreshold,
        int hnswM,
        int hnswBeamWidth,
        int hnswEfSearch,
        int hnswBuildThreads,
        double hnswVarianceKept,
        int hnswShards) implements GraphSettings {

    static final int DEFAULT_HNSW_THRESHOLD = 200_000;
    public static final double DEFAULT_VARIANCE_KEPT = 0.98;
    static final int DEFAULT_EF_SEARCH_ONE_GRAPH = 1000;
    static final int DEFAULT_EF_SEARCH_PER_SHARD = 600;
    static final int DEFAULT_SHARDS = 2;

    public IndexSettings {
        positive("search-threads", searchThreads);
        positive("parallel-scan-rows", parallelScanRows);
        positive("int8-scan-rows", int8ScanRows);
        if (hnswThreshold < 0) {
            throw new IllegalArgumentException("hnsw-threshold must not be negative: " + hnswThreshold);
        }
        positive("hnsw-m", hnswM);
        positive("hnsw-beam-width", hnswBeamWidth);
        positive("hnsw-ef-search", hnswEfSearch);
        positive("hnsw-build-threads", hnswBuildThreads);
        positive("hnsw-shards", hnswShards);
        if (!(hnswVarianceKept > 0 && hnswVarianceKept <= 1)) {
            throw new IllegalArgumentException("hnsw-variance-kept must be above 0 and at most 1: " + hnswVarianceKept);
        }
    }

    /** The defaults, with this machine's core count. */
    public static IndexSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        int shards = Math.min(cores, DEFAULT_SHARDS);
        return new IndexSettings(Math.min(cores, 8), 50_000, false, 20_000, DEFAULT_HNSW_THRESHOLD, 48, 150,
                shards > 1 ? DEFAULT_EF_SEARCH_PER_SHARD : DEFAULT_EF_SEARCH_ONE_GRAPH, cores, DEFAULT_VARIANCE_KEPT, shards);
    }

    /** One thread, float32 only, no graph: the plain exact scan. */
    public static IndexSettings exactSingleThreaded() {
        return new IndexSettings(1, 50_000, false, 20_000, 0, 48, 150, DEFAULT_EF_SEARCH_ONE_GRAPH,
                Runtime.getRuntime().availableProcessors(), DEFAULT_VARIANCE_KEPT, 1);
    }

    public static IndexSettings from(EngineContext context) {
        IndexSettings d = defaults();
        return new IndexSettings(
                integer(context, "search-threads").orElse(d.searchThreads()),
                integer(context, "parallel-scan-rows").orElse(d.parallelScanRows()),
                context.setting("int8-scan").map(v -> Boolean.parseBoolean(v.strip())).orElse(d.int8Scan()),
                integer(context, "int8-scan-rows").orElse(d.int8ScanRows()),
                integer(context, "hnsw-threshold").orElse(d.hnswThreshold()),
                integer(context, "hnsw-m").orElse(d.hnswM()),
                integer(context, "hnsw-beam-width").orElse(d.hnswBeamWidth()),
                integer(context, "hnsw-ef-search").orElse(d.hnswEfSearch()),
                integer(context, "hnsw-build-threads").orElse(d.hnswBuildThreads()),
                number(context, "hnsw-variance-kept").orElse(d.hnswVarianceKept()),
                integer(context, "hnsw-shards").orElse(d.hnswShards()));
    }

    @Override
    public boolean graphs() {
        return hnswThreshold > 0;
    }

    IndexSettings withSearchThreads(int threads) {
        return new IndexSettings(threads, parallelScanRows, int8Scan, int8ScanRows, hnswThreshold, hnswM,
                hnswBeamWidth, hnswEfSearch, hnswBuildThreads, hnswVarianceKept, hnswShards);
    }

    public IndexSettings withInt8Scan(boolean on, int minRows) {
        return new IndexSettings(searchThreads, parallelScanRows, on, minRows, hnswThreshold, hnswM,
                hnswBeamWidth, hnswEfSearch, hnswBuildThreads, hnswVarianceKept, hnswShards);
    }

    IndexSettings withHnsw(int threshold, int efSearch) {
        return new IndexSettings(searchThreads, parallelScanRows, int8Scan, int8ScanRows, threshold, hnswM,
                hnswBeamWidth, efSearch, hnswBuildThreads, hnswVarianceKept, hnswShards);
    }

    /** A graph from {@code threshold} faces on, built with these degree and beam width. */
    public IndexSettings withHnswGraph(int threshold, int m, int beamWidth) {
        return new IndexSettings(searchThreads, parallelScanRows, int8Scan, int8ScanRows, threshold, m,
                beamWidth, hnswEfSearch, hnswBuildThreads, hnswVarianceKept, hnswShards);
    }

    /** Graphs in the principal-component space keeping this share of the variance (1: the full vectors). */
    public IndexSettings withHnswVarianceKept(double share) {
        return new IndexSettings(searchThreads, parallelScanRows, int8Scan, int8ScanRows, hnswThreshold, hnswM,
                hnswBeamWidth, hnswEfSearch, hnswBuildThreads, share, hnswShards);
    }

    /** Graphs split into this many shards, searched side by side. */
    public IndexSettings withHnswShards(int shards) {
        return new IndexSettings(searchThreads, parallelScanRows, int8Scan, int8ScanRows, hnswThreshold, hnswM,
                hnswBeamWidth, hnswEfSearch, hnswBuildThreads, hnswVarianceKept, shards);
    }

    IndexSettings withParallelScanRows(int rows) {
        return new IndexSettings(searchThreads, rows, int8Scan, int8ScanRows, hnswThreshold, hnswM,
                hnswBeamWidth, hnswEfSearch, hnswBuildThreads, hnswVarianceKept, hnswShards);
    }

    /** A whole-number setting; a value that is not one is refused with the setting's name. */
    public static Optional<Integer> integer(EngineContext context, String key) {
        return parsed(context, key, Integer::parseInt, "a whole number");
    }

    /** A number setting; a value that is not one is refused with the setting's name. */
    public static Optional<Double> number(EngineContext context, String key) {
        return parsed(context, key, Double::parseDouble, "a number");
    }

    private static <T> Optional<T> parsed(EngineContext context, String key, Function<String, T> parse, String what) {
        return context.setting(key).map(value -> {
            try {
                return parse.apply(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not " + what + ": " + value, e);
            }
        });
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
