package io.polyface.engine.local.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bounded pool of native scratch objects (tensor buffers, Mats), so that a hot path neither
 * allocates native memory per call nor leaves it to the garbage collector. Works for platform
 * and virtual threads alike, unlike a ThreadLocal. Thread-safe; the owner closes it only once no
 * borrower is left (the pipeline's close waits for calls in flight).
 */
final class ScratchPool<T extends AutoCloseable> implements AutoCloseable {

    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Supplier<T> factory;
    private final int maxIdle;
    private volatile boolean closed;

    ScratchPool(Supplier<T> factory, int maxIdle) {
        this.factory = requireNonNull(factory, "factory is null");
        this.maxIdle = maxIdle;
    }

    T borrow() {
        T t = idle.poll();
        if (t == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        return t;
    }

    void release(T t) {
        if (closed || idleCount.incrementAndGet() > maxIdle) {
            if (!closed) {
                idleCount.decrementAndGet();
            }
            closeQuietly(t);
            return;
        }
        idle.offer(t);
    }

    @Override
    public void close() {
        closed = true;
        T t;
        while ((t = idle.poll()) != null) {
            closeQuietly(t);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // scratch objects only free native memory; nothing useful to report
        }
    }
}
