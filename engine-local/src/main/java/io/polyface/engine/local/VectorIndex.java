package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact nearest-neighbour search by inner product over the L2-normalised embeddings of one
 * collection, held in memory.
 *
 * <p>Vectors live row after row in one contiguous {@code float[]} that grows by doubling, so a
 * search streams through memory once with the Vector API and never copies the matrix. A delete
 * moves the last row into the freed one (swap-remove), keeping the rows dense. Top-k selection uses
 * a bounded min-heap of size k, never a full sort.
 *
 * <p>Thread-safe: a {@link ReentrantReadWriteLock} lets any number of searches run together, while
 * an add or remove waits for them and runs alone. Searches therefore always see a consistent set of
 * rows.
 *
 * <p>Limit: rows times dimension must fit in one Java array (about 4.1 million 512-d faces); larger
 * collections belong in an approximate (HNSW) index.
 */
final class VectorIndex {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int INITIAL_ROWS = 64;
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** One scored row: the face id, its tag and the inner product with the probe. */
    record Hit(String faceId, String tag, float score) {
        Hit {
            requireNonNull(faceId, "faceId is null");
            requireNonNull(tag, "tag is null");
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final int dimension;
    private float[] matrix;
    private String[] ids;
    private String[] tags;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private int size;

    VectorIndex(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive: " + dimension);
        }
        this.dimension = dimension;
        this.matrix = new float[INITIAL_ROWS * dimension];
        this.ids = new String[INITIAL_ROWS];
        this.tags = new String[INITIAL_ROWS];
    }

    int dimension() {
        return dimension;
    }

    int size() {
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

    /** Adds a vector, or replaces the vector and tag of an id already present. */
    void add(String faceId, String tag, float[] vector) {
        requireNonNull(faceId, "faceId is null");
        requireNonNull(tag, "tag is null");
        checkDimension(vector);
        lock.writeLock().lock();
        try {
            Integer existing = rowOf.get(faceId);
            int row;
            if (existing != null) {
                row = existing;
            } else {
                ensureCapacity(size + 1);
                row = size++;
                rowOf.put(faceId, row);
                ids[row] = faceId;
            }
            tags[row] = tag;
            System.arraycopy(vector, 0, matrix, row * dimension, dimension);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one id; false when it was not there. */
    boolean remove(String faceId) {
        lock.writeLock().lock();
        try {
            return removeLocked(faceId);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes several ids under one lock and returns how many were there. */
    int removeAll(Collection<String> faceIds) {
        lock.writeLock().lock();
        try {
            int removed = 0;
            for (String id : faceIds) {
                if (removeLocked(id)) {
                    removed++;
                }
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            rowOf.clear();
            Arrays.fill(ids, 0, size, null);
            Arrays.fill(tags, 0, size, null);
            size = 0;
            // Give a large matrix back to the heap rather than keep it for a collection just cleared.
            if (matrix.length > INITIAL_ROWS * dimension) {
                matrix = new float[INITIAL_ROWS * dimension];
                ids = new String[INITIAL_ROWS];
                tags = new String[INITIAL_ROWS];
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The best {@code k} rows by inner product with the probe, best first, leaving out rows scoring
     * below {@code minScore}. With {@code distinctTags} each tag appears at most once, with its
     * best-scoring row.
     */
    List<Hit> search(float[] probe, int k, double minScore, boolean distinctTags) {
        checkDimension(probe);
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        lock.readLock().lock();
        try {
            TopK top = new TopK(Math.min(k, Math.max(size, 1)), distinctTags);
            float[] m = matrix;
            for (int row = 0; row < size; row++) {
                float score = dot(m, row * dimension, probe, dimension);
                if (score >= minScore) {
                    top.offer(row, score, tags[row]);
                }
            }
            return top.drainBestFirst(ids, tags);
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean removeLocked(String faceId) {
        Integer found = rowOf.remove(faceId);
        if (found == null) {
            return false;
        }
        int row = found;
        int last = --size;
        if (row != last) {
            System.arraycopy(matrix, last * dimension, matrix, row * dimension, dimension);
            ids[row] = ids[last];
            tags[row] = tags[last];
            rowOf.put(ids[row], row);
        }
        ids[last] = null;
        tags[last] = null;
        return true;
    }

    private void ensureCapacity(int rows) {
        if (rows <= ids.length) {
            return;
        }
        long newRows = Math.max(rows, (long) ids.length * 2);
        if (newRows * dimension > MAX_ELEMENTS) {
            newRows = MAX_ELEMENTS / dimension;
            if (newRows < rows) {
                throw new IllegalStateException("vector index full at " + size + " rows of " + dimension);
            }
        }
        matrix = Arrays.copyOf(matrix, (int) newRows * dimension);
        ids = Arrays.copyOf(ids, (int) newRows);
        tags = Arrays.copyOf(tags, (int) newRows);
    }

    private void checkDimension(float[] vector) {
        requireNonNull(vector, "vector is null");
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                    "vector has " + vector.length + " dimensions, the index " + dimension);
        }
    }

    /** Inner product of one matrix row with the probe; four accumulators keep the FMA units busy. */
    static float dot(float[] m, int offset, float[] q, int dim) {
        int step = SPECIES.length();
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        FloatVector acc2 = FloatVector.zero(SPECIES);
        FloatVector acc3 = FloatVector.zero(SPECIES);
        int unrolledBound = dim - 4 * step + 1;
        for (; i < unrolledBound; i += 4 * step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, m, offset + i + step)
                    .fma(FloatVector.fromArray(SPECIES, q, i + step), acc1);
            acc2 = FloatVector.fromArray(SPECIES, m, offset + i + 2 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, i + 2 * step), acc2);
            acc3 = FloatVector.fromArray(SPECIES, m, offset + i + 3 * step)
                    .fma(FloatVector.fromArray(SPECIES, q, i + 3 * step), acc3);
        }
        int bound = SPECIES.loopBound(dim);
        for (; i < bound; i += step) {
            acc0 = FloatVector.fromArray(SPECIES, m, offset + i).fma(FloatVector.fromArray(SPECIES, q, i), acc0);
        }
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            sum += m[offset + i] * q[i];
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
