package io.polyface.engine.local.index.hnsw;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/** What the graphs of one engine share: their settings and the pools they build and search on. */
public interface GraphRuntime {

    GraphSettings settings();

    /** Present when scans may be split over several threads. */
    Optional<ExecutorService> scanPool();

    /** Present when graphs are on: builds run here. */
    Optional<ForkJoinPool> graphPool();
}
