package io.polyface.engine.local.index;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.index.hnsw.GraphLifecycle;
import io.polyface.engine.local.index.hnsw.GraphRows;
import io.polyface.engine.local.index.hnsw.GraphShards;
import io.polyface.engine.local.index.hnsw.GraphSpace;
import io.polyface.engine.local.index.kernels.VectorKernels;
import io.polyface.engine.local.store.ChangeLog;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Nearest-neighbour search by inner product over the L2-normalised embeddings of one collection,
 * held in memory: the {@link RowStore rows}, searched by an {@link ExactScan exact scan} (over
 * {@link Int8Codes int8 codes} with {@code int8-scan}), or through an HNSW graph (see {@link
 * GraphLifecycle}) past {@code hnsw-threshold} faces, whose candidates are re-scored on the float32
 * rows so scores are exact (see {@link IndexSettings}).
 *
 * <p>Thread-safe: a {@link ReentrantReadWriteLock} lets any number of searches run together, while
 * an add or remove waits for them and runs alone. Graph insertion runs outside the lock on the
 * graph's copies, which never change once written.
 */
public final class VectorIndex {

    /** Graph hits fetched per wanted hit in distinct-tag mode, where several may share a tag. */
    private static final int DISTINCT_OVERFETCH = 4;
    /** Rows {@link #forEachRow} copies under one hold of the read lock: 2 MB of 512-d vectors, a fraction of a millisecond. */
    private static final int COPY_CHUNK_ROWS = 1024;
    private static final IndexRuntime DIRECT = new IndexRuntime(IndexSettings.exactSingleThreaded());

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

    /** What {@link #forEachRow} hands out: a row's id, tag, and its vector at {@code offset} in {@code matrix}. */
    public interface RowSink {
        void row(String faceId, String tag, float[] matrix, int offset) throws java.io.IOException;
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final int dimension;
    private final IndexSettings settings;
    private final ExactScan exact;

    // Guarded by lock.
    private final RowStore rows;
    /** The int8 copy of the rows, from {@code int8-scan-rows} rows on when {@code int8-scan} is on. */
    private Int8Codes codes;
    private final GraphLifecycle graphs;
    /** Adds, removals and clears so far (see {@link #changes()}). */
    private long changes;

    /** A single-threaded exact index of float32 rows, no graph. */
    public VectorIndex(int dimension) {
        this(dimension, DIRECT);
    }

    public VectorIndex(int dimension, IndexRuntime runtime) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        this.dimension = dimension;
        this.settings = requireNonNull(runtime, "runtime is null").settings();
        this.exact = new ExactScan(runtime);
        this.rows = new RowStore(dimension);
        this.graphs = new GraphLifecycle(new LockedRows(), runtime);
    }

    /** The rows as a graph reads them: under this index's lock. */
    private final class LockedRows implements GraphRows {
        @Override
        public int size() {
            return rows.size();
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public float[] matrix() {
            return rows.matrix();
        }

        @Override
        public Lock readLock() {
            return lock.readLock();
        }
    }

    public int dimension() {
        return dimension;
    }

    public int size() {
        return read(() -> rows.size());
    }

    boolean contains(String faceId) {
        return read(() -> rows.contains(faceId));
    }

    /** Searches that the int8 bound could not certify and that scanned the float32 rows instead. */
    long fallbacks() {
        return exact.fallbacks();
    }

    /** True once a graph is built and answers searches. */
    public boolean graphReady() {
        return read(graphs::ready);
    }

    /** Faces added since the graph's build that it has not taken in yet (searched exactly meanwhile). */
    public int graphBacklog() {
        return read(graphs::backlog);
    }

    /** Faces in the graph searches walk (the last seal); the rest are scored exactly. */
    int graphSealedNodes() {
        return read(graphs::sealedNodes);
    }

    /** The graph's shards, once its build has started (benchmarks). */
    public Optional<GraphShards> graphShards() {
        return read(graphs::shards);
    }

    /** The space the graph is built in, once its build has fitted it. */
    public Optional<GraphSpace> graphSpace() {
        return read(graphs::space);
    }

    /** Bytes the graph's adjacency and its vectors take, zero without a graph. */
    public long graphBytes() {
        return read(graphs::bytes);
    }

    /** Row changes so far (adds, removals, clears): rows read in pieces are one state of the index when this did not move. */
    public long changes() {
        return read(() -> changes);
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
            int count;
            lock.readLock().lock();
            try {
                if (this.changes != changes) {
                    return false;
                }
                count = Math.min(COPY_CHUNK_ROWS, rows.size() - from);
                if (count <= 0) {
                    return true;
                }
                rows.copy(from, count, chunkIds, chunkTags, chunk);
            } finally {
                lock.readLock().unlock();
            }
            for (int r = 0; r < count; r++) {
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
            if (rows.contains(faceId)) {
                // A new vector is a new graph node: the old one's ordinal dies with it.
                removeLocked(faceId);
            }
            ensureCapacity(rows.size() + 1);
            changes++;
            int r = rows.append(faceId, tag, vector);
            if (codes != null) {
                codes.encode(rows.matrix(), r, dimension);
            }
            if (rows.size() >= settings.int8ScanRows() && settings.int8Scan() && codes == null) {
                codes = Int8Codes.of(rows.matrix(), rows.size(), rows.capacity(), dimension);
            }
            graphs.appended(r);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Whether the id is here with exactly this tag and vector: a change read again (see {@link
     * ChangeLog}) then leaves the row, and its graph node, as they are.
     */
    public boolean holds(String faceId, String tag, float[] vector) {
        return read(() -> rows.holds(faceId, tag, vector));
    }

    /** Rows the matrix has room for before it grows. */
    int capacity() {
        return read(rows::capacity);
    }

    /**
     * Makes room for {@code rows} vectors at once, and an eighth more for the faces that follow: a
     * bulk load that knows its size then fills the matrix without growing it step by step (each
     * step copies it, and briefly holds both copies), and the first enrolments after it do not
     * copy it either.
     */
    public void reserve(int count) {
        write(() -> ensureCapacity((int) Math.min(count + count / 8L, (Integer.MAX_VALUE - 8) / dimension)));
    }

    /**
     * Holds back the graph while a collection is being loaded in bulk, so its build neither
     * competes with the load for the cores nor takes the rows in one at a time; releasing starts
     * it if the collection is large enough.
     */
    public void holdGraph(boolean hold) {
        write(() -> graphs.hold(hold));
    }

    /**
     * Stops this index's graph work for good: for an index its owner has replaced. Searches still
     * answer, exactly.
     */
    public void close() {
        write(graphs::close);
    }

    /** Removes one id; false when it was not there. */
    public boolean remove(String faceId) {
        lock.writeLock().lock();
        try {
            boolean removed = removeLocked(faceId);
            graphs.afterRemovals();
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
            graphs.afterRemovals();
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void clear() {
        write(() -> {
            changes++;
            graphs.cleared();
            // Give large arrays back to the heap rather than keep them for a collection just cleared.
            rows.clear();
            codes = null;
        });
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
            int capacity = Math.min(k, Math.max(rows.size(), 1));
            Path path = force.orElseGet(() -> graphs.ready() ? Path.GRAPH
                    : codes != null ? Path.INT8_RESCORED : Path.FLOAT32);
            return switch (path) {
                case GRAPH -> graphs.ready()
                        ? graphSearch(probe, capacity, minScore, distinctTags, settings.hnswEfSearch(), false)
                        : exact.float32(rows, probe, capacity, minScore, distinctTags, threads);
                case INT8_RESCORED -> codes != null
                        ? exact.int8Rescored(rows, codes, probe, capacity, minScore, distinctTags, threads)
                        : exact.float32(rows, probe, capacity, minScore, distinctTags, threads);
                case FLOAT32 -> exact.float32(rows, probe, capacity, minScore, distinctTags, threads);
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
                throw new IllegalStateException("no int8 copy at " + rows.size() + " rows");
            }
            return exact.int8Unrescored(rows, codes, probe, Math.min(k, Math.max(rows.size(), 1)));
        } finally {
            lock.readLock().unlock();
        }
    }

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
            int capacity = Math.min(k, Math.max(rows.size(), 1));
            return graphs.ready()
                    ? graphSearch(probe, capacity, -1, false, efSearch, jvectorSearcher)
                    : exact.float32(rows, probe, capacity, -1, false, settings.searchThreads());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The graph's candidates re-scored against the full float32 rows, so the hits and their scores
     * are exact; only which faces are considered is approximate. The caller holds the read lock.
     */
    private List<Hit> graphSearch(float[] probe, int k, double minScore, boolean distinct, int efSearch,
                                  boolean jvectorSearcher) {
        TopK top = new TopK(k, distinct);
        float[] matrix = rows.matrix();
        String[] tags = rows.tags();
        graphs.candidates(probe, distinct ? k * DISTINCT_OVERFETCH : k, efSearch, jvectorSearcher, row -> {
            float score = VectorKernels.dot(matrix, row * dimension, probe, dimension);
            if (score >= minScore) {
                top.offer(row, score, tags[row]);
            }
        });
        return top.drainBestFirst(rows.ids(), tags);
    }

    // ---- rows (callers hold the write lock) ----------------------------------------------------

    private boolean removeLocked(String faceId) {
        int row = rows.remove(faceId);
        if (row < 0) {
            return false;
        }
        int last = rows.size();
        changes++;
        if (codes != null) {
            if (row != last) {
                codes.move(last, row);
            }
            codes.forget(last);
        }
        graphs.removed(row, last);
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > rows.capacity()) {
            int capacity = rows.grownCapacity(needed);
            resize(capacity, new float[capacity * dimension]);
        }
    }

    /**
     * Before an add takes the write lock: when the index is full, allocates the larger matrix with
     * no lock held, so that searches go on meanwhile (allocating gigabytes can take seconds), and
     * holds the write lock only to copy the rows into it.
     */
    private void growIfFull() {
        int capacity;
        lock.readLock().lock();
        try {
            if (rows.size() < rows.capacity()) {
                return;
            }
            capacity = rows.grownCapacity(rows.size() + 1);
        } finally {
            lock.readLock().unlock();
        }
        float[] larger = new float[capacity * dimension];
        lock.writeLock().lock();
        try {
            // Another add may have grown it, or a clear emptied it, meanwhile: then this allocation
            // is dropped (and the add grows the index under the lock if it still must).
            if (rows.size() == rows.capacity() && rows.capacity() < capacity) {
                resize(capacity, larger);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void resize(int capacity, float[] larger) {
        rows.resize(capacity, larger);
        if (codes != null) {
            codes.resize(capacity);
        }
    }

    private void checkDimension(float[] vector) {
        requireNonNull(vector, "vector is null");
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "vector has " + vector.length + " dimensions, the index " + dimension);
        }
    }

    private <T> T read(java.util.function.Supplier<T> what) {
        lock.readLock().lock();
        try {
            return what.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void write(Runnable what) {
        lock.writeLock().lock();
        try {
            what.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
