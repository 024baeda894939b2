package io.polyface.engine.local.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of one index: its vectors row after row in one {@code float[]} (a scan streams through
 * memory; one array per vector scanned at half the speed), with each row's face id and tag. Rows
 * stay dense: a removal moves the last row into the freed one. Not thread-safe: {@link
 * VectorIndex} guards it with its lock.
 */
final class RowStore {

    static final int INITIAL_ROWS = 64;
    /** From this many rows the matrix grows by an eighth, not twofold (see {@link #grownCapacity}). */
    static final int GROW_BY_EIGHTHS_ROWS = 65_536;

    private final int dimension;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private float[] matrix;
    private String[] ids;
    private String[] tags;
    private int size;

    RowStore(int dimension) {
        this.dimension = dimension;
        allocate(INITIAL_ROWS);
    }

    int dimension() {
        return dimension;
    }

    int size() {
        return size;
    }

    /** Rows the matrix has room for before it grows. */
    int capacity() {
        return ids.length;
    }

    float[] matrix() {
        return matrix;
    }

    String[] ids() {
        return ids;
    }

    String[] tags() {
        return tags;
    }

    boolean contains(String faceId) {
        return rowOf.containsKey(faceId);
    }

    /** Whether the id is here with exactly this tag and vector. */
    boolean holds(String faceId, String tag, float[] vector) {
        Integer r = rowOf.get(faceId);
        return r != null && tags[r].equals(tag) && vector.length == dimension
                && Arrays.equals(matrix, r * dimension, (r + 1) * dimension, vector, 0, dimension);
    }

    /** Appends a row for an id not present, in room made beforehand; returns its row number. */
    int append(String faceId, String tag, float[] vector) {
        int r = size++;
        rowOf.put(faceId, r);
        ids[r] = faceId;
        tags[r] = tag;
        System.arraycopy(vector, 0, matrix, r * dimension, dimension);
        return r;
    }

    /**
     * Removes an id's row, moving the last row into it; returns the freed row, -1 when the id was
     * not here. The last row's number is then {@link #size()}.
     */
    int remove(String faceId) {
        Integer found = rowOf.remove(faceId);
        if (found == null) {
            return -1;
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
        return row;
    }

    /** Empties the store and gives large arrays back to the heap. */
    void clear() {
        rowOf.clear();
        size = 0;
        allocate(INITIAL_ROWS);
    }

    /** Copies {@code rows} rows from row {@code from} into the given arrays. */
    void copy(int from, int rows, String[] toIds, String[] toTags, float[] toMatrix) {
        System.arraycopy(ids, from, toIds, 0, rows);
        System.arraycopy(tags, from, toTags, 0, rows);
        System.arraycopy(matrix, from * dimension, toMatrix, 0, rows * dimension);
    }

    /**
     * The capacity to grow to for {@code needed} rows: doubling while small; past
     * GROW_BY_EIGHTHS_ROWS an eighth more at a time, so that growing a large collection needs its
     * matrix about twice for a moment (old and new copy), not three times.
     */
    int grownCapacity(int needed) {
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

    /** Moves the rows into arrays of {@code capacity} rows, {@code larger} being the new matrix. */
    void resize(int capacity, float[] larger) {
        System.arraycopy(matrix, 0, larger, 0, size * dimension);
        matrix = larger;
        ids = Arrays.copyOf(ids, capacity);
        tags = Arrays.copyOf(tags, capacity);
    }

    private void allocate(int capacity) {
        matrix = new float[capacity * dimension];
        ids = new String[capacity];
        tags = new String[capacity];
    }
}
