package io.polyface.engine.local.index.hnsw;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * When an index has an HNSW graph: one starts in the background from {@code hnsw-threshold} faces
 * (exact search serves until it is ready), takes in faces added later, and is dropped and rebuilt
 * when a quarter of its nodes are dead or the collection shrinks to half the threshold. Graph nodes
 * are numbered by ordinals that never change; a delete only unmaps its ordinal, so a deleted face
 * is never returned. A graph lives in a {@link GraphSpace} (the principal components that keep
 * {@code hnsw-variance-kept} of the variance), is split into {@code hnsw-shards} {@link GraphShards}
 * that jvector builds, and is searched on {@link SealedGraph} copies. Not thread-safe: the index
 * calls it under its lock (reads under the read lock).
 */
public final class GraphLifecycle {

    /**
     * Faces inserted into the graph between two seals. Until sealed they are scored exactly, a
     * read of at most this many rows; a seal copies the adjacency and the codes of the nodes
     * added since the last.
     */
    public static final int SEAL_EVERY = 4096;

    private static final System.Logger LOG = System.getLogger(GraphLifecycle.class.getName());

    private final GraphRows rows;
    private final GraphRuntime runtime;
    private final GraphSettings settings;
    private Optional<HnswGraph> graph = Optional.empty();
    /** While true no graph starts: a bulk load builds it once at the end, not while loading. */
    private boolean held;
    private boolean closed;

    public GraphLifecycle(GraphRows rows, GraphRuntime runtime) {
        this.rows = rows;
        this.runtime = runtime;
        this.settings = runtime.settings();
    }

    /** True once a graph is built and answers searches. */
    public boolean ready() {
        return graph.filter(g -> g.ready).isPresent();
    }

    /** Faces added since the graph's build that it has not taken in yet. */
    public int backlog() {
        return graph.map(g -> g.nextOrdinal - g.indexed).orElse(0);
    }

    /** Faces in the graph searches walk (the last seal). */
    public int sealedNodes() {
        return graph.map(HnswGraph::shards).map(GraphShards::sealedOrdinals).orElse(0);
    }

    /** The graph's shards, once its build has started. */
    public Optional<GraphShards> shards() {
        return graph.map(HnswGraph::shards);
    }

    /** The space the graph is built in, once its build has fitted it. */
    public Optional<GraphSpace> space() {
        return graph.map(HnswGraph::space);
    }

    /** Bytes the graph's adjacency and its vectors take, zero without a graph. */
    public long bytes() {
        return graph.map(HnswGraph::bytes).orElse(0L);
    }

    /** Row {@code row} was added: a node of the graph, or a graph started when the index is large enough. */
    public void appended(int row) {
        if (graph.isPresent()) {
            graph.get().append(row);
        } else {
            maybeStart();
        }
    }

    /** Row {@code row} lost its face and the last row, {@code last}, moved into it. */
    public void removed(int row, int last) {
        graph.ifPresent(g -> g.removed(row, last));
    }

    /** After removals: a graph too dead or too large for the index is dropped, and rebuilt when still due. */
    public void afterRemovals() {
        if (graph.isEmpty()) {
            return;
        }
        HnswGraph g = graph.get();
        int size = rows.size();
        boolean tooSmall = size < settings.hnswThreshold() / 2;
        boolean tooDead = g.dead > Math.max(1024, g.nextOrdinal / 4);
        if (tooSmall || tooDead) {
            LOG.log(Level.DEBUG, "dropping a graph of {0} nodes, {1} deleted, at {2} faces", g.nextOrdinal, g.dead, size);
            drop();
            maybeStart();
        }
    }

    /** Holds back the graph during a bulk load; releasing starts it if the index is large enough. */
    public void hold(boolean hold) {
        held = hold;
        if (!hold && graph.isEmpty()) {
            maybeStart();
        }
    }

    /** Every row is gone. */
    public void cleared() {
        drop();
    }

    /** Stops the graph work for good. */
    public void close() {
        closed = true;
        drop();
    }

    /**
     * Hands {@code row} the rows a ready graph proposes for a probe (see {@link
     * HnswGraph#candidates}); the caller holds the index's read lock and checked {@link #ready()}.
     */
    public void candidates(float[] probe, int want, int efSearch, boolean jvectorSearcher, IntConsumer row) {
        graph.orElseThrow().candidates(probe, want, efSearch, jvectorSearcher, row);
    }

    private void maybeStart() {
        int size = rows.size();
        if (closed || held || !settings.graphs() || size < settings.hnswThreshold() || runtime.graphPool().isEmpty()) {
            return;
        }
        HnswGraph g = new HnswGraph(rows, runtime);
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

    private void drop() {
        graph.ifPresent(g -> g.cancelled = true);
        graph = Optional.empty();
    }
}
