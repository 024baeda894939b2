package io.polyface.engine.local.index;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.index.hnsw.GraphRuntime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all vector indexes of one engine share: their settings, the small pool that splits large
 * exact scans, and the pool that builds HNSW graphs in the background. The engine owns it and
 * closes it; closing stops graph builds (indexes then keep serving exact search).
 *
 * <p>Thread-safe.
 */
public final class IndexRuntime implements GraphRuntime, AutoCloseable {

    private final IndexSettings settings;
    private final ExecutorService scanPool;
    private final ForkJoinPool graphPool;

    public IndexRuntime(IndexSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        // The calling thread scans one range itself, so the pool needs one thread fewer.
        this.scanPool = settings.searchThreads() > 1
                ? Executors.newFixedThreadPool(settings.searchThreads() - 1, daemonThreads("polyface-scan-"))
                : null;
        this.graphPool = settings.graphs() ? new ForkJoinPool(settings.hnswBuildThreads(), pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("polyface-hnsw-" + thread.getPoolIndex());
            thread.setDaemon(true);
            // Graph builds must not starve the searches they are meant to speed up.
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        }, null, false) : null;
    }

    @Override
    public IndexSettings settings() {
        return settings;
    }

    /** Present when scans may be split, i.e. {@code search-threads} is above one. */
    @Override
    public java.util.Optional<ExecutorService> scanPool() {
        return java.util.Optional.ofNullable(scanPool);
    }

    /** Present when graphs are on. */
    @Override
    public java.util.Optional<ForkJoinPool> graphPool() {
        return java.util.Optional.ofNullable(graphPool);
    }

    @Override
    public void close() {
        if (scanPool != null) {
            scanPool.shutdownNow();
        }
        if (graphPool != null) {
            graphPool.shutdownNow();
            try {
                graphPool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Daemon threads named {@code prefix} and a count from 1. */
    public static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
