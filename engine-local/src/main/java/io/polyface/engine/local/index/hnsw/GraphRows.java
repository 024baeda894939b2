package io.polyface.engine.local.index.hnsw;

import java.util.concurrent.locks.Lock;

/**
 * What a graph reads of its index's rows: vectors row after row in one array. Their values and the
 * array itself may change only under the write lock of the lock {@link #readLock()} belongs to.
 */
public interface GraphRows {

    int size();

    int dimension();

    float[] matrix();

    Lock readLock();
}
