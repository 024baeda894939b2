package io.polyface.engine.local.index;

import static java.util.Objects.requireNonNull;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.polyface.engine.local.index.hnsw.GraphShards;
import io.polyface.engine.local.index.hnsw.GraphSpace;
import io.polyface.engine.local.index.hnsw.GraphVectors;
import io.polyface.engine.local.index.hnsw.SealedGraph;
import io.polyface.engine.local.store.ChangeLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Nearest-neighbour search by inner product over the L2-normalised embeddings of one collection,
 * held in memory.
 *
 * <h2>Exact search</h2>
 *
 * Vectors live row after row in one contiguous {@code float[]} (one array per vector measured at half
 * the scan speed); rows are kept dense (a delete moves the last row
 * into the freed one), so a search streams through them once with the Vector API and never copies
 * them. Top-k selection uses a bounded min-heap of size k, never a full sort. Large collections
 * split the scan into contiguous row ranges over a small shared pool (see {@link IndexSettings}).
 *
 * <p>With {@code int8-scan}, every vector also has an int8 copy with its own scale (a quarter of the
 * memory traffic). A search scans the copy for the best {@code max(8k, 64)} candidates, re-scores
 * them in float32, and accepts the result only when it is provably the exact answer: the int8 score
 * of a row differs from its float32 score by at most {@code |x - x'| |q|}, where {@code x'} is the
 * dequantised row, so no row outside the candidates can beat the k-th re-scored hit when that hit is
 * at least the weakest candidate's int8 score plus that bound. Otherwise the float32 rows are
 * scanned; {@link #fallbacks()} counts how often.
 *
 * <h2>HNSW</h2>
 *
 * From {@code hnsw-threshold} faces on, a jvector graph is built in the background; exact search
 * serves until it is ready. The graph lives in a {@link GraphSpace}: the vectors projected onto the
 * principal components that keep {@code hnsw-variance-kept} of their variance (the full vectors when
 * that is more than half of them), held as int8 codes in {@link GraphVectors}. The graph is split
 * into {@code hnsw-shards} {@link GraphShards}; jvector builds and grows each, and searches walk
 * {@link SealedGraph} copies laid out for walking, side by side, each with a beam of {@code
 * hnsw-ef-search}, then re-score the best candidates against the float32 rows, so
 * scores are exact and only the choice of candidates is approximate. Graph nodes are numbered by
 * ordinals that never change; a delete only unmaps its ordinal, and searches accept mapped ordinals
 * only, so a deleted face is never returned. Faces added after the graph started get new ordinals,
 * are inserted into the graph by one background task, and until the next seal (every {@value
 * #SEAL_EVERY} faces) are scanned exactly as the graph's "tail", so a new face is findable at once.
 * When a quarter of the ordinals are dead the graph is dropped and rebuilt.
 *
 * <p>Thread-safe: a {@link ReentrantReadWriteLock} lets any number of searches run together, while
 * an add or remove waits for them and runs alone. Graph insertion runs outside the lock on the
 * graph's copies, which never change once written.
 */
public final class VectorIndex {

    private static final System.Logger LOG = System.getLogger(VectorIndex.class.getName());
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Bytes loaded per step of the int8 scan: as many as float lanes, widened in one conversion. */
    private static final VectorSpecies<Byte> BYTE_SPECIES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(SPECIES.length() * Byte.SIZE));
    private static final VectorTypeSupport VTS = vectorTypeSupport();
    private static final int INITIAL_ROWS = 64;
    /** From this many rows the matrix grows by an eighth, not twofold (see {@link #ensureCapacity}). */
    static final int GROW_BY_EIGHTHS_ROWS = 65_536;
    /**
     * Graph candidates re-scored on the full vectors per wanted hit: the best of the walk's
     * candidates in the graph's space, since the projection reorders only near-ties.
     */
    private static final int RESCORED_PER_HIT = 4;
    /**
     * Faces inserted into the graph between two seals. Until sealed they are scored exactly, a
     * read of at most this many rows; a seal copies the adjacency and the codes of the nodes
     * added since the last (a million nodes: under a second).
     */
    static final int SEAL_EVERY = 4096;
    /** Graph hits fetched per wanted hit in distinct-tag mode, where several may share a tag. */
    private static final int DISTINCT_OVERFETCH = 4;
    /** Rows {@link #forEachRow} copies under one hold of the read lock: 2 MB of 512-d vectors, a fraction of a millisecond. */
    private static final int COPY_CHUNK_ROWS = 1024;

    /** One scored row: the face id, its tag and the inner product with the probe. */
    public record Hit(String faceId, String tag, float score) {
        public Hit {
            requireNonNull(faceId, "faceId is null");
            requireNonNull(tag, "tag is null");
        }
    }

    /** How a search was answered, for benchmarks and tests. */
    public enum Path {
        FLOAT32, INT8_RESCORED, GRAPH
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final int dimension;
    private final IndexRuntime runtime;
    private final IndexSettings settings;
    private final AtomicLong fallbacks = new AtomicLong();

    // Guarded by lock.
    /** Row after row in one array: a scan streams through memory (per-row arrays scanned at half the speed). */
    private float[] matrix;
    private byte[][] codes;
    private float[] codeScales;
    private String[] ids;
    private String[] tags;
    private int[] ordinalOfRow;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private int size;
    /** Adds, removals and clears so far (see {@link #changes()}). */
    private long changes;
    /** The largest |x - x'| of any row's int8 copy ever added: the error bound's per-row factor. */
    private float maxCodeError;
    private Optional<Graph> graph = Optional.empty();
    /** While true no graph starts: a bulk load builds it once at the end, not while loading. */
    private boolean graphHeld;
    private boolean closed;

    /** A single-threaded exact index of float32 rows, no graph. */
    public VectorIndex(int dimension) {
        this(dimension, DIRECT);
    }

    private static final IndexRuntime DIRECT = new IndexRuntime(IndexSettings.exactSingleThreaded());

    public VectorIndex(int dimension, IndexRuntime runtime) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        this.dimension = dimension;
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.settings = runtime.settings();
        allocate(INITIAL_ROWS);
    }

    public int dimension() {
        return dimension;
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean contains(String faceId) {
        lock.readLock().lock();
        try {
            return rowOf.containsKey(faceId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Searches that the int8 bound could not certify and that scanned the float32 rows instead. */
    long fallbacks() {
        return fallbacks.get();
    }

    /** True once a graph is built and answers searches. */
    public boolean graphReady() {
        lock.readLock().lock();
        try {
            return graph.filter(g -> g.ready).isPresent();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Faces added since the graph's build that it has not taken in yet (searched exactly meanwhile). */
    public int graphBacklog() {
        lock.readLock().lock();
        try {
            return graph.map(g -> g.nextOrdinal - g.indexed).orElse(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Faces in the graph searches walk (the last seal); the rest are scored exactly. */
    int graphSealedNodes() {
        lock.readLock().lock();
        try {
            return graph.map(g -> g.shards).map(GraphShards::sealedOrdinals).orElse(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The graph's shards, once its build has started (benchmarks). */
    public Optional<GraphShards> graphShards() {
        lock.readLock().lock();
        try {
            return graph.map(g -> g.shards);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The space the graph is built in, once its build has fitted it. */
    public Optional<GraphSpace> graphSpace() {
        lock.readLock().lock();
        try {
            return graph.map(g -> g.space);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes the graph's adjacency and its vectors take, zero without a graph. */
    public long graphBytes() {
        lock.readLock().lock();
        try {
            return graph.map(Graph::bytes).orElse(0L);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What {@link #forEachRow} hands out: a row's id, tag, and its vector at {@code offset} in {@code matrix}. */
    public interface RowSink {
        void row(String faceId, String tag, float[] matrix, int offset) throws java.io.IOException;
    }

    /** Row changes so far (adds, removals, clears): rows read in pieces are one state of the index when this did not move. */
    public long changes() {
        lock.readLock().lock();
        try {
            return changes;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Hands every row to {@code sink}, for snapshots, in chunks of {@value #COPY_CHUNK_ROWS} rows,
     * each copied under the read lock and handed out after the lock is released: a write waits for
     * one chunk's copy at most, never for what the sink does with it (a snapshot's disk writes).
     * Stops and answers false as soon as the index has moved from {@code changes} (see {@link
     * #changes()}): the rows handed out are then not one state of it. The arrays must not be kept.
     */
    public boolean forEachRow(long changes, RowSink sink) throws java.io.IOException {
        String[] chunkIds = new String[COPY_CHUNK_ROWS];
        String[] chunkTags = new String[COPY_CHUNK_ROWS];
        float[] chunk = new float[COPY_CHUNK_ROWS * dimension];
        for (int from = 0; ; from += COPY_CHUNK_ROWS) {
            int rows;
            lock.readLock().lock();
            try {
                if (this.changes != changes) {
                    return false;
                }
                rows = Math.min(COPY_CHUNK_ROWS, size - from);
                if (rows <= 0) {
                    return true;
                }
                System.arraycopy(ids, from, chunkIds, 0, rows);
                System.arraycopy(tags, from, chunkTags, 0, rows);
                System.arraycopy(matrix, from * dimension, chunk, 0, rows * dimension);
            } finally {
                lock.readLock().unlock();
            }
            for (int r = 0; r < rows; r++) {
                sink.row(chunkIds[r], chunkTags[r], chunk, r * dimension);
            }
        }
    }

    /** Adds a vector, or replaces the vector and tag of an id already present. */
    public void add(String faceId, String tag, float[] vector) {
        requireNonNull(faceId, "faceId is null");
        requireNonNull(tag, "tag is null");
        checkDimension(vector);
        growIfFull();
        lock.writeLock().lock();
        try {
            Integer existing = rowOf.get(faceId);
            if (existing != null) {
                // A new vector is a new graph node: the old one's ordinal dies with it.
                removeLocked(faceId);
            }
            ensureCapacity(size + 1);
            changes++;
            int r = size++;
            rowOf.put(faceId, r);
            ids[r] = faceId;
            tags[r] = tag;
            System.arraycopy(vector, 0, matrix, r * dimension, dimension);
            if (codes != null) {
                encode(r);
            }
            if (size >= settings.int8ScanRows() && settings.int8Scan() && codes == null) {
                encodeAll();
            }
            if (graph.isPresent()) {
                graph.get().append(r);
            } else {
                maybeStartGraph();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Whether the id is here with exactly this tag and vector: a change read again (see {@link
     * ChangeLog}) then leaves the row, and its graph node, as they are.
     */
    public boolean holds(String faceId, String tag, float[] vector) {
        lock.readLock().lock();
        try {
            Integer r = rowOf.get(faceId);
            return r != null && tags[r].equals(tag) && vector.length == dimension
                    && Arrays.equals(matrix, r * dimension, (r + 1) * dimension, vector, 0, dimension);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rows the matrix has room for before it grows. */
    int capacity() {
        lock.readLock().lock();
        try {
            return ids.length;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Makes room for {@code rows} vectors at once, and an eighth more for the faces that follow: a
     * bulk load that knows its size then fills the matrix without growing it step by step (each
     * step copies it, and briefly holds both copies), and the first enrolments after it do not
     * copy it either.
     */
    public void reserve(int rows) {
        lock.writeLock().lock();
        try {
            ensureCapacity((int) Math.min(rows + rows / 8L, (Integer.MAX_VALUE - 8) / dimension));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Holds back the graph while a collection is being loaded in bulk, so its build neither
     * competes with the load for the cores nor takes the rows in one at a time; releasing starts
     * it if the collection is large enough.
     */
    public void holdGraph(boolean hold) {
        lock.writeLock().lock();
        try {
            graphHeld = hold;
            if (!hold && graph.isEmpty()) {
                maybeStartGraph();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Stops this index's graph work for good: for an index its owner has replaced. Searches still
     * answer, exactly.
     */
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            dropGraph();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one id; false when it was not there. */
    public boolean remove(String faceId) {
        lock.writeLock().lock();
        try {
            boolean removed = removeLocked(faceId);
            afterRemovals();
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes several ids under one lock and returns how many were there. */
    public int removeAll(Collection<String> faceIds) {
        lock.writeLock().lock();
        try {
            int removed = 0;
            for (String id : faceIds) {
                if (removeLocked(id)) {
                    removed++;
                }
            }
            afterRemovals();
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            rowOf.clear();
            size = 0;
            changes++;
            maxCodeError = 0;
            dropGraph();
            // Give large arrays back to the heap rather than keep them for a collection just cleared.
            allocate(INITIAL_ROWS);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The best {@code k} rows by inner product with the probe, best first, leaving out rows scoring
     * below {@code minScore}. With {@code distinctTags} each tag appears at most once, with its
     * best-scoring row. Exact unless a graph is ready, then approximate (see the class comment).
     */
    public List<Hit> search(float[] probe, int k, double minScore, boolean distinctTags) {
        return search(probe, k, minScore, distinctTags, Optional.empty());
    }

    /** As {@link #search(float[], int, double, boolean)}, forcing one path when given (benchmarks, tests). */
    public List<Hit> search(float[] probe, int k, double minScore, boolean distinctTags, Optional<Path> force) {
        return search(probe, k, minScore, distinctTags, force, settings.searchThreads());
    }

    /** As above, with at most {@code threads} threads for an exact scan (benchmarks). */
    public List<Hit> search(float[] probe, int k, double minScore, boolean distinctTags, Optional<Path> force, int threads) {
        checkDimension(probe);
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        lock.readLock().lock();
        try {
            int capacity = Math.min(k, Math.max(size, 1));
            Path path = force.orElseGet(() -> graph.filter(g -> g.ready).isPresent() ? Path.GRAPH
                    : codes != null ? Path.INT8_RESCORED : Path.FLOAT32);
            return switch (path) {
                case GRAPH -> graph.filter(g -> g.ready).isPresent()
                        ? graphSearch(graph.get(), probe, capacity, minScore, distinctTags, settings.hnswEfSearch(), false)
                        : exactFloat(probe, capacity, minScore, distinctTags, threads);
                case INT8_RESCORED -> codes != null
                        ? exactInt8(probe, capacity, minScore, distinctTags, threads)
                        : exactFloat(probe, capacity, minScore, distinctTags, threads);
                case FLOAT32 -> exactFloat(probe, capacity, minScore, distinctTags, threads);
            };
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The int8 scan's top k without re-scoring: only for measuring how much it alone would miss. */
    List<Hit> searchInt8Unrescored(float[] probe, int k) {
        checkDimension(probe);
        lock.readLock().lock();
        try {
            if (codes == null) {
                throw new IllegalStateException("no int8 copy at " + size + " rows");
            }
            TopK top = scanInt8(probe, Math.min(k, Math.max(size, 1)), Float.NEGATIVE_INFINITY, 1);
            return top.drainBestFirst(ids, tags);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- exact paths (callers hold the read lock) --------------------------------------------

    private List<Hit> exactFloat(float[] probe, int k, double minScore, boolean distinct, int threads) {
        return scanFloat(probe, k, minScore, distinct, threads).drainBestFirst(ids, tags);
    }

    private List<Hit> exactInt8(float[] probe, int k, double minScore, boolean distinct, int threads) {
        float bound = maxCodeError * norm(probe) + 1e-5f;
        int wanted = Math.max(8 * k, 64);
        TopK candidates = scanInt8(probe, wanted, (float) (minScore - bound), threads);
        TopK top = new TopK(k, distinct);
        for (int i = 0; i < candidates.count; i++) {
            int row = candidates.rows[i];
            float score = dot(matrix, row * dimension, probe, dimension);
            if (score >= minScore) {
                top.offer(row, score, tags[row]);
            }
        }
        // Every row left out scored at most this in int8, hence at most this plus the bound in float32.
        float outsideBest = candidates.count < wanted ? Float.NEGATIVE_INFINITY : candidates.scores[0] + bound;
        boolean certain = outsideBest < minScore || (top.count == k && top.scores[0] >= outsideBest);
        if (certain) {
            return top.drainBestFirst(ids, tags);
        }
        fallbacks.incrementAndGet();
        return exactFloat(probe, k, minScore, distinct, threads);
    }

    private TopK scanFloat(float[] probe, int k, double minScore, boolean distinct, int threads) {
        float floor = (float) minScore;
        float[] m = matrix;
        String[] t = tags;
        return parallel(k, distinct, threads, (from, to, top) -> scanFloatRange(m, t, probe, floor, from, to, top));
    }

    /** The hot loop, a plain static method so that it compiles on its own, not inside a lambda. */
    private static void scanFloatRange(float[] m, String[] t, float[] probe, float floor, int from, int to, TopK top) {
        int dim = probe.length;
        for (int row = from; row < to; row++) {
            float score = dot(m, row * dim, probe, dim);
            if (score >= floor) {
                top.offer(row, score, t[row]);
            }
        }
    }

    private TopK scanInt8(float[] probe, int k, float floor, int threads) {
        byte[][] c = codes;
        float[] scales = codeScales;
        return parallel(k, false, threads, (from, to, top) -> scanInt8Range(c, scales, probe, floor, from, to, top));
    }

    private static void scanInt8Range(byte[][] c, float[] scales, float[] probe, float floor, int from, int to, TopK top) {
        int dim = probe.length;
        for (int row = from; row < to; row++) {
            float score = dotInt8(c[row], probe, dim) * scales[row];
            if (score >= floor) {
                top.offer(row, score, null);
            }
        }
    }

    @FunctionalInterface
    private interface RangeScan {
        void scan(int from, int to, TopK top);
    }

    /**
     * Runs a scan over all rows: in one piece on the calling thread, or, for large indexes, in
     * contiguous ranges of which the caller takes the first and the scan pool the rest, merging the
     * per-range heaps (each range's top k holds every global top-k row of that range, so the merge
     * is exact, in distinct-tag mode too).
     */
    private TopK parallel(int k, boolean distinct, int threads, RangeScan scan) {
        int n = size;
        int pieces = Math.min(Math.min(threads, settings.searchThreads()), Math.max(1, n / settings.parallelScanRows()));
        Optional<ExecutorService> pool = runtime.scanPool();
        if (pieces <= 1 || pool.isEmpty()) {
            TopK top = new TopK(k, distinct);
            scan.scan(0, n, top);
            return top;
        }
        List<Future<TopK>> others = new ArrayList<>();
        int step = (n + pieces - 1) / pieces;
        try {
            for (int p = 1; p < pieces; p++) {
                int from = p * step;
                int to = Math.min(n, from + step);
                others.add(pool.get().submit(() -> {
                    TopK part = new TopK(k, distinct);
                    scan.scan(from, to, part);
                    return part;
                }));
            }
        } catch (RejectedExecutionException e) {
            // The engine is closing: finish on this thread.
            others.forEach(f -> f.cancel(false));
            TopK top = new TopK(k, distinct);
            scan.scan(0, n, top);
            return top;
        }
        TopK top = new TopK(k, distinct);
        scan.scan(0, Math.min(n, step), top);
        for (Future<TopK> other : others) {
            top.offerAll(join(other));
        }
        return top;
    }

    private static TopK join(Future<TopK> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The scan holds the read lock for rows the task is reading: wait it out.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- graph path (callers hold the read lock) ---------------------------------------------

    /**
     * A graph search with its own candidate-list size, for measuring recall against latency on one
     * graph; an exact scan when there is no ready graph.
     */
    public List<Hit> searchGraph(float[] probe, int k, int efSearch) {
        return searchGraph(probe, k, efSearch, false);
    }

    /** As {@link #searchGraph(float[], int, int)}, walking the graph with jvector's own searcher when asked. */
    public List<Hit> searchGraph(float[] probe, int k, int efSearch, boolean jvectorSearcher) {
        checkDimension(probe);
        lock.readLock().lock();
        try {
            int capacity = Math.min(k, Math.max(size, 1));
            return graph.filter(g -> g.ready).isPresent()
                    ? graphSearch(graph.get(), probe, capacity, -1, false, efSearch, jvectorSearcher)
                    : exactFloat(probe, capacity, -1, false, settings.searchThreads());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Walks the graph in its space with a beam of {@code max(want, efSearch)} and re-scores the best
     * {@value #RESCORED_PER_HIT} candidates per wanted hit against the full float32 rows, so the hits
     * and their scores are exact; only which faces are considered is approximate. With {@code
     * jvectorSearcher} the walk is jvector's own (for comparing the two in benchmarks).
     */
    private List<Hit> graphSearch(Graph g, float[] probe, int k, double minScore, boolean distinct, int efSearch,
                                  boolean jvectorSearcher) {
        TopK top = new TopK(k, distinct);
        GraphShards shards = g.shards;
        long[] deadBits = g.deadBits;
        int want = distinct ? k * DISTINCT_OVERFETCH : k;
        int beam = Math.max(want, efSearch);
        int rescored = Math.min(beam, want * RESCORED_PER_HIT);
        // A bit set small enough to stay in cache: every node the walk would return is checked.
        IntPredicate live = ordinal -> (deadBits[ordinal >>> 6] & (1L << ordinal)) == 0;
        float[] query = g.space.project(probe);
        GraphShards.Candidates candidates;
        if (jvectorSearcher) {
            int indexed = g.indexed;
            candidates = new GraphShards.Candidates(
                    shards.searchByJvector(query, rescored, beam, live.and(ordinal -> ordinal < indexed)), indexed);
        } else {
            candidates = shards.search(query, rescored, beam, live, runtime.scanPool());
        }
        for (int ordinal : candidates.ordinals()) {
            offerOrdinal(g, ordinal, probe, minScore, top);
        }
        // Faces added since the walked copies were sealed are not in them: score them exactly.
        for (int ordinal = candidates.walked(); ordinal < g.nextOrdinal; ordinal++) {
            offerOrdinal(g, ordinal, probe, minScore, top);
        }
        return top.drainBestFirst(ids, tags);
    }

    private void offerOrdinal(Graph g, int ordinal, float[] probe, double minScore, TopK top) {
        int row = g.rowOfOrdinal[ordinal];
        if (row < 0) {
            return;
        }
        float score = dot(matrix, row * dimension, probe, dimension);
        if (score >= minScore) {
            top.offer(row, score, tags[row]);
        }
    }

    private void maybeStartGraph() {
        if (closed || graphHeld || !settings.graphs() || size < settings.hnswThreshold() || runtime.graphPool().isEmpty()) {
            return;
        }
        Graph g = new Graph();
        for (int r = 0; r < size; r++) {
            g.append(r);
        }
        graph = Optional.of(g);
        try {
            runtime.graphPool().get().execute(g::build);
        } catch (RejectedExecutionException e) {
            graph = Optional.empty();
        }
    }

    private void dropGraph() {
        graph.ifPresent(g -> g.cancelled = true);
        graph = Optional.empty();
        if (ordinalOfRow != null) {
            Arrays.fill(ordinalOfRow, -1);
        }
    }

    private void afterRemovals() {
        if (graph.isEmpty()) {
            return;
        }
        Graph g = graph.get();
        boolean tooSmall = size < settings.hnswThreshold() / 2;
        boolean tooDead = g.dead > Math.max(1024, g.nextOrdinal / 4);
        if (tooSmall || tooDead) {
            LOG.log(Level.DEBUG, "dropping a graph of {0} nodes, {1} deleted, at {2} faces", g.nextOrdinal, g.dead, size);
            dropGraph();
            maybeStartGraph();
        }
    }

    /**
     * One HNSW graph over the rows. Ordinals, the row each maps to, and the vectors grow under
     * the index's write lock; insertion into the graph happens on the graph pool, in ordinal order
     * after the first bulk, with {@link #indexed} telling searches how far it got.
     *
     * <p>The graph lives in a {@link GraphSpace} fitted when its build starts. The build fits it on
     * a sample of the rows and projects the rows in batches, each under the read lock (searches go
     * on, writes wait for one batch); the batch that reaches the last ordinal hands over, and from
     * then on {@link #append} projects each new row as it comes. No full-size copy is kept.
     */
    private final class Graph {
        /** Rows projected per hold of the read lock. */
        private static final int PROJECTION_BATCH = 8192;
        // Written under the read lock by the build, once; read under either lock.
        private volatile GraphSpace space;
        private volatile GraphShards shards;
        final AtomicBoolean catchUpScheduled = new AtomicBoolean();
        final ReentrantLock inserting = new ReentrantLock();
        // Guarded by the index's lock.
        int[] rowOfOrdinal = new int[Math.max(INITIAL_ROWS, size)];
        /** One bit per ordinal, set once its face is deleted (rowOfOrdinal says -1 too). */
        long[] deadBits = new long[(rowOfOrdinal.length + 63) / 64];
        int nextOrdinal;
        int dead;
        // Written by the graph pool, read by searches.
        volatile int indexed;
        volatile boolean ready;
        volatile boolean cancelled;
        volatile long lastSealMillis;

        /** Gives row {@code r} the next ordinal; the caller holds the write lock. */
        void append(int r) {
            int ordinal = nextOrdinal++;
            if (ordinal == rowOfOrdinal.length) {
                rowOfOrdinal = Arrays.copyOf(rowOfOrdinal, rowOfOrdinal.length * 2);
                deadBits = Arrays.copyOf(deadBits, (rowOfOrdinal.length + 63) / 64);
            }
            rowOfOrdinal[ordinal] = r;
            ordinalOfRow[r] = ordinal;
            if (space == null) {
                // The build has not handed over yet: it projects this ordinal itself.
                return;
            }
            shards.append(space.project(matrix, r * dimension));
            if (ready) {
                scheduleCatchUp();
            }
        }

        /** Unmaps the ordinal of row {@code r}; the caller holds the write lock. */
        void kill(int r) {
            int ordinal = ordinalOfRow[r];
            if (ordinal >= 0) {
                rowOfOrdinal[ordinal] = -1;
                deadBits[ordinal >>> 6] |= 1L << ordinal;
                dead++;
            }
        }

        /** Row {@code to} now holds what row {@code from} held; the caller holds the write lock. */
        void moved(int from, int to) {
            int ordinal = ordinalOfRow[from];
            ordinalOfRow[to] = ordinal;
            if (ordinal >= 0) {
                rowOfOrdinal[ordinal] = to;
            }
        }

        /** Bytes of the graph's adjacency and its vectors. */
        long bytes() {
            GraphShards s = shards;
            return s == null ? 0 : s.bytes();
        }

        /** The first build: fit the space, project, then insert everything added so far and meanwhile. */
        void build() {
            long start = System.nanoTime();
            try {
                enterSpace();
                if (cancelled) {
                    return;
                }
                long projected = System.nanoTime();
                insertBacklog();
                if (cancelled) {
                    return;
                }
                ready = true;
                LOG.log(Level.INFO, "HNSW graph of {0} faces in {1} shards built in {2} ms ({3}, fitted and projected in {4} ms,"
                                + " sealed in {5} ms)", indexed, shards.shards(), (System.nanoTime() - start) / 1_000_000, space,
                        (projected - start) / 1_000_000, lastSealMillis);
                if (shards.size() > indexed) {
                    scheduleCatchUp();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "HNSW graph build failed, exact search keeps serving: " + e.getMessage(), e);
            }
        }

        /** Fits the space on a sample of the rows and projects every ordinal into it, batch by batch. */
        private void enterSpace() {
            float[] sample;
            lock.readLock().lock();
            try {
                int n = Math.min(size, GraphSpace.SAMPLE_ROWS);
                sample = new float[n * dimension];
                for (int s = 0; s < n; s++) {
                    System.arraycopy(matrix, (int) ((long) s * size / n) * dimension, sample, s * dimension, dimension);
                }
            } finally {
                lock.readLock().unlock();
            }
            GraphSpace fitted = GraphSpace.fit(sample, sample.length / dimension, dimension, settings.hnswVarianceKept());
            float[] projectedSample = new float[sample.length / dimension * fitted.dimension()];
            for (int r = 0; r < sample.length / dimension; r++) {
                System.arraycopy(fitted.project(sample, r * dimension), 0, projectedSample, r * fitted.dimension(),
                        fitted.dimension());
            }
            GraphShards v = new GraphShards(settings.hnswShards(), fitted.dimension(),
                    GraphVectors.scaleFor(projectedSample), settings.hnswM(), settings.hnswBeamWidth(), VTS);
            float[] deleted = new float[fitted.dimension()];
            while (!cancelled) {
                lock.readLock().lock();
                try {
                    int from = v.size();
                    int to = Math.min(nextOrdinal, from + PROJECTION_BATCH);
                    float[][] batch = new float[to - from][];
                    // The rows stay put while this thread holds the read lock, and so for its helpers.
                    IntStream.range(from, to).parallel().forEach(ordinal -> {
                        int row = rowOfOrdinal[ordinal];
                        // A face deleted before its projection stays a node, never returned.
                        batch[ordinal - from] = row < 0 ? deleted : fitted.project(matrix, row * dimension);
                    });
                    for (float[] projected : batch) {
                        v.append(projected);
                    }
                    if (to == nextOrdinal) {
                        // Appends take the write lock, so none slips between this batch and the hand-over.
                        shards = v;
                        space = fitted;
                        break;
                    }
                } finally {
                    lock.readLock().unlock();
                }
            }
            if (cancelled) {
                return;
            }
        }

        private void scheduleCatchUp() {
            if (catchUpScheduled.compareAndSet(false, true)) {
                try {
                    runtime.graphPool().orElseThrow().execute(this::catchUp);
                } catch (RejectedExecutionException e) {
                    catchUpScheduled.set(false);
                }
            }
        }

        private void catchUp() {
            catchUpScheduled.set(false);
            try {
                insertBacklog();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "HNSW graph update failed, its new faces stay searched exactly: " + e.getMessage(), e);
                return;
            }
            // Another task may have given up on the lock while this one was finishing.
            if (!cancelled && shards.size() > indexed) {
                scheduleCatchUp();
            }
        }

        /**
         * Inserts the ordinals not in the graph yet, in batches (in parallel on the graph pool when
         * large), raising {@link #indexed} only when a whole batch is in, so it stays a watermark.
         * One inserter at a time: a task that finds the lock taken leaves the work to its holder.
         * Seals a new copy for searches when the first build is in, then every {@value #SEAL_EVERY}
         * faces; the holder of the lock seals, so nothing inserts meanwhile.
         */
        private void insertBacklog() {
            if (!inserting.tryLock()) {
                return;
            }
            try {
                GraphShards v = shards;
                while (!cancelled) {
                    int from = indexed;
                    int to = v.size();
                    if (from >= to) {
                        break;
                    }
                    if (to - from >= 64) {
                        IntStream.range(from, to).parallel().forEach(ordinal -> {
                            if (!cancelled) {
                                v.insert(ordinal);
                            }
                        });
                    } else {
                        for (int ordinal = from; ordinal < to && !cancelled; ordinal++) {
                            v.insert(ordinal);
                        }
                    }
                    indexed = to;
                }
                if (!cancelled && (!ready || indexed - v.sealedOrdinals() >= SEAL_EVERY)) {
                    long start = System.nanoTime();
                    v.seal(indexed);
                    lastSealMillis = (System.nanoTime() - start) / 1_000_000;
                    LOG.log(Level.DEBUG, "sealed a graph of {0} nodes in {1} ms", indexed, lastSealMillis);
                }
            } finally {
                inserting.unlock();
            }
        }
    }

    // ---- rows ---------------------------------------------------------------------------------

    private boolean removeLocked(String faceId) {
        Integer found = rowOf.remove(faceId);
        if (found == null) {
            return false;
        }
        int row = found;
        int last = --size;
        changes++;
        graph.ifPresent(g -> g.kill(row));
        if (row != last) {
            System.arraycopy(matrix, last * dimension, matrix, row * dimension, dimension);
            ids[row] = ids[last];
            tags[row] = tags[last];
            if (codes != null) {
                codes[row] = codes[last];
                codeScales[row] = codeScales[last];
            }
            int from = last;
            graph.ifPresent(g -> g.moved(from, row));
            rowOf.put(ids[row], row);
        }
        ids[last] = null;
        tags[last] = null;
        if (codes != null) {
            codes[last] = null;
        }
        ordinalOfRow[last] = -1;
        return true;
    }

    private void allocate(int capacity) {
        matrix = new float[capacity * dimension];
        ids = new String[capacity];
        tags = new String[capacity];
        ordinalOfRow = new int[capacity];
        Arrays.fill(ordinalOfRow, -1);
        codes = null;
        codeScales = null;
    }

    private void ensureCapacity(int needed) {
        if (needed > ids.length) {
            int capacity = grownCapacity(needed);
            resize(capacity, new float[capacity * dimension]);
        }
    }

    /**
     * Before an add takes the write lock: when the index is full, allocates the larger matrix with
     * no lock held, so that searches go on meanwhile, and holds the write lock only to copy the
     * rows into it. At a million faces of 512 the allocation took 0.4-8 s here (the collector
     * finding 2 GB in one piece, the pages first touched), the copy 0.15-0.27 s.
     */
    private void growIfFull() {
        int capacity;
        lock.readLock().lock();
        try {
            if (size < ids.length) {
                return;
            }
            capacity = grownCapacity(size + 1);
        } finally {
            lock.readLock().unlock();
        }
        float[] larger = new float[capacity * dimension];
        lock.writeLock().lock();
        try {
            // Another add may have grown it, or a clear emptied it, meanwhile: then this allocation
            // is dropped (and the add grows the index under the lock if it still must).
            if (size == ids.length && ids.length < capacity) {
                resize(capacity, larger);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The capacity to grow to for {@code needed} rows: doubling while small; past
     * GROW_BY_EIGHTHS_ROWS an eighth more at a time, so that growing a large collection needs its
     * matrix about twice for a moment (old and new copy), not three times: 2 GB more at a million
     * faces of 512, not 4.
     */
    private int grownCapacity(int needed) {
        long current = ids.length;
        long step = current < GROW_BY_EIGHTHS_ROWS ? current : current / 8;
        long wanted = Math.max(needed, current + step);
        if (wanted * dimension > Integer.MAX_VALUE - 8) {
            wanted = (Integer.MAX_VALUE - 8) / dimension;
            if (wanted < needed) {
                throw new IllegalStateException("vector index full at " + size + " rows of " + dimension);
            }
        }
        return (int) wanted;
    }

    /** Moves the rows into arrays of {@code capacity} rows, {@code larger} being the new matrix; under the write lock. */
    private void resize(int capacity, float[] larger) {
        System.arraycopy(matrix, 0, larger, 0, size * dimension);
        matrix = larger;
        ids = Arrays.copyOf(ids, capacity);
        tags = Arrays.copyOf(tags, capacity);
        int old = ordinalOfRow.length;
        ordinalOfRow = Arrays.copyOf(ordinalOfRow, capacity);
        Arrays.fill(ordinalOfRow, old, capacity, -1);
        if (codes != null) {
            codes = Arrays.copyOf(codes, capacity);
            codeScales = Arrays.copyOf(codeScales, capacity);
        }
    }

    private void encodeAll() {
        codes = new byte[ids.length][];
        codeScales = new float[ids.length];
        for (int r = 0; r < size; r++) {
            encode(r);
        }
    }

    /** Quantises row {@code r} to int8 with the scale that maps its largest component to 127. */
    private void encode(int r) {
        int offset = r * dimension;
        float max = 0;
        for (int i = 0; i < dimension; i++) {
            max = Math.max(max, Math.abs(matrix[offset + i]));
        }
        float scale = max == 0 ? 1 : max / 127;
        byte[] code = new byte[dimension];
        double error = 0;
        for (int i = 0; i < dimension; i++) {
            float x = matrix[offset + i];
            int q = Math.round(x / scale);
            code[i] = (byte) Math.max(-127, Math.min(127, q));
            double diff = x - code[i] * (double) scale;
            error += diff * diff;
        }
        codes[r] = code;
        codeScales[r] = scale;
        // Rounded up a little: the bound must hold for float arithmetic too.
        maxCodeError = Math.max(maxCodeError, (float) Math.sqrt(error) * 1.0001f);
    }

    private void checkDimension(float[] vector) {
        requireNonNull(vector, "vector is null");
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "vector has " + vector.length + " dimensions, the index " + dimension);
        }
    }

    private static float norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return (float) Math.sqrt(sum);
    }

    /**
     * jvector's vector types. Unless the operator chose a provider, its pure-Java Vector API one is
     * used: the native one (the default on Java 22+) measured half as fast here at building graphs
     * over heap {@code float[]} vectors.
     */
    private static VectorTypeSupport vectorTypeSupport() {
        if (System.getProperty("jvector.vectorization_provider") == null) {
            System.setProperty("jvector.vectorization_provider", "panama");
        }
        return VectorizationProvider.getInstance().getVectorTypeSupport();
    }

    /** Inner product of one matrix row with the probe; four accumulators keep the FMA units busy. */
    public static float dot(float[] m, int offset, float[] q, int dim) {
        return dot(m, offset, q, 0, dim);
    }

    /** Inner product of the {@code dim} floats at {@code offset} in {@code m} and at {@code qOffset} in {@code q}. */
    public static float dot(float[] m, int offset, float[] q, int qOffset, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        FloatVector acc2 = FloatVector.zero(SPECIES);
        FloatVector acc3 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 4 * step + 1;
        for (; i < unrolledBound; i += 4 * step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, qOffset + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, m, offset + i + step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + step), acc1);
            acc2 = FloatVector.fromArray(SPECIES, m, offset + i + 2 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + 2 * step), acc2);
            acc3 = FloatVector.fromArray(SPECIES, m, offset + i + 3 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, qOffset + i + 3 * step), acc3);
        }
        int bound = SPECIES.loopBound(dim);
        for (; i < bound; i += step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, qOffset + i), acc0);
        }
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            sum += m[offset + i] * q[qOffset + i];
        }
        return sum;
    }

    /** Inner product of an int8 row with a float probe, widening bytes to floats lane by lane. */
    static float dotInt8(byte[] code, float[] q, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 2 * step + 1;
        for (; i < unrolledBound; i += 2 * step) {
            FloatVector a = (FloatVector) ByteVector.fromArray(BYTE_SPECIES, code, i)
                    .convertShape(VectorOperators.B2F, SPECIES, 0);
            FloatVector b = (FloatVector) ByteVector.fromArray(BYTE_SPECIES, code, i + step)
                    .convertShape(VectorOperators.B2F, SPECIES, 0);
            acc0 = a.fma(FloatVector.fromArray(SPECIES, q, i), acc0);
            acc1 = b.fma(FloatVector.fromArray(SPECIES, q, i + step), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            sum += code[i] * q[i];
        }
        return sum;
    }

    /**
     * A bounded min-heap of row numbers by score: the root is the weakest of the best k seen so
     * far, so most rows are turned away with one comparison. In distinct-tag mode a map from tag to
     * heap slot keeps only each tag's best row.
     */
    private static final class TopK {
        private final int capacity;
        private final int[] rows;
        private final float[] scores;
        private final Map<String, Integer> slotOfTag;
        private final String[] slotTags;
        private int count;

        TopK(int capacity, boolean distinctTags) {
            this.capacity = capacity;
            this.rows = new int[capacity];
            this.scores = new float[capacity];
            this.slotOfTag = distinctTags ? new HashMap<>() : null;
            this.slotTags = distinctTags ? new String[capacity] : null;
        }

        /** Offers every entry of another heap of the same kind: the merge of two row ranges. */
        void offerAll(TopK other) {
            for (int i = 0; i < other.count; i++) {
                offer(other.rows[i], other.scores[i], other.slotTags == null ? null : other.slotTags[i]);
            }
        }

        void offer(int row, float score, String tag) {
            if (count == capacity && score <= scores[0]) {
                return;
            }
            if (slotOfTag == null) {
                if (count < capacity) {
                    place(count++, row, score, null);
                    siftUp(count - 1);
                } else {
                    place(0, row, score, null);
                    siftDown(0);
                }
                return;
            }
            Integer slot = slotOfTag.get(tag);
            if (slot != null) {
                // The tag is already in the heap: keep whichever of its rows scores better.
                if (score > scores[slot]) {
                    place(slot, row, score, tag);
                    siftDown(slot);
                }
                return;
            }
            if (count < capacity) {
                place(count++, row, score, tag);
                siftUp(count - 1);
            } else {
                slotOfTag.remove(slotTags[0]);
                place(0, row, score, tag);
                siftDown(0);
            }
        }

        List<Hit> drainBestFirst(String[] ids, String[] tags) {
            Hit[] out = new Hit[count];
            while (count > 0) {
                int row = rows[0];
                out[count - 1] = new Hit(ids[row], tags[row], scores[0]);
                count--;
                if (count > 0) {
                    move(count, 0);
                    siftDown(0);
                }
            }
            return new ArrayList<>(Arrays.asList(out));
        }

        private void place(int slot, int row, float score, String tag) {
            rows[slot] = row;
            scores[slot] = score;
            if (slotTags != null) {
                slotTags[slot] = tag;
                slotOfTag.put(tag, slot);
            }
        }

        private void move(int from, int to) {
            place(to, rows[from], scores[from], slotTags == null ? null : slotTags[from]);
        }

        private void swap(int a, int b) {
            int row = rows[a];
            float score = scores[a];
            String tag = slotTags == null ? null : slotTags[a];
            move(b, a);
            place(b, row, score, tag);
        }

        private void siftUp(int slot) {
            while (slot > 0) {
                int parent = (slot - 1) >>> 1;
                if (scores[slot] >= scores[parent]) {
                    return;
                }
                swap(slot, parent);
                slot = parent;
            }
        }

        private void siftDown(int slot) {
            while (true) {
                int left = 2 * slot + 1;
                if (left >= count) {
                    return;
                }
                int smallest = left + 1 < count && scores[left + 1] < scores[left] ? left + 1 : left;
                if (scores[slot] <= scores[smallest]) {
                    return;
                }
                swap(slot, smallest);
                slot = smallest;
            }
        }
    }
}
