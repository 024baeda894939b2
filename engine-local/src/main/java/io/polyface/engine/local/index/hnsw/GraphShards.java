package io.polyface.engine.local.index.hnsw;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntPredicate;

/**
 * An HNSW index over a collection's ordinals in several independent graphs, searched side by side.
 *
 * <p>Ordinal {@code o} belongs to shard {@code o % shards}, where it is node {@code o / shards}.
 * Each shard has its own int8 codes ({@link GraphVectors}), its own jvector graph that grows as
 * faces arrive, and its own {@link SealedGraph} that searches walk, over 4-bit codes of its own
 * ({@link NodeCodes.Nibbles}) where the graph's space has at most 120 dimensions. A search walks
 * every shard with the same beam and returns all their candidates: the caller walks one shard while
 * the scan pool walks the others, and any shard no pool thread has started by then the caller walks
 * itself, so a busy pool costs no more than walking them one after another.
 *
 * <p>Shards because a walk over many faces waits on memory, and half the faces need about as wide
 * a beam: two halves walked at once answer sooner than one whole graph (docs/benchmarks.md).
 *
 * <p>Appends and insertions follow the index's rules: one appender at a time (the write lock), one
 * inserter and sealer at a time (the graph's inserting lock); searches need neither.
 */
public final class GraphShards {

    private final int shards;
    private final GraphVectors[] vectors;
    private final GraphIndexBuilder[] builders;
    /** What searches walk: one copy per shard, together holding every ordinal below a seal's count. */
    private volatile SealedGraph[] sealed;
    private volatile int count;

    /** Empty shards for vectors of {@code dimension} components within {@code ±127 * scale}. */
    public GraphShards(int shards, int dimension, float scale, int m, int beamWidth, VectorTypeSupport types) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be positive: " + shards);
        }
        this.shards = shards;
        this.vectors = new GraphVectors[shards];
        this.builders = new GraphIndexBuilder[shards];
        SealedGraph[] empty = new SealedGraph[shards];
        for (int s = 0; s < shards; s++) {
            vectors[s] = new GraphVectors(dimension, scale, types);
            builders[s] = new GraphIndexBuilder(vectors[s], dimension, m, beamWidth, 1.2f, 1.2f, true);
            empty[s] = SealedGraph.of(builders[s].getGraph(), vectors[s], 0, true);
        }
        this.sealed = empty;
    }

    public int shards() {
        return shards;
    }

    /** Ordinals appended so far. */
    public int size() {
        return count;
    }

    /** Ordinals walked by searches: the rest must be scored another way. */
    public int sealedOrdinals() {
        return ordinalsIn(sealed);
    }

    /** The ordinals a set of sealed copies holds: shard s holds those below the count with o % shards == s. */
    private static int ordinalsIn(SealedGraph[] graphs) {
        int ordinals = 0;
        for (SealedGraph graph : graphs) {
            ordinals += graph.nodes();
        }
        return ordinals;
    }

    /** A search's candidates, and the ordinals below which the copies it walked hold every face. */
    public record Candidates(int[] ordinals, int walked) {}

    /** Adds the next ordinal's vector (in the graph's space); it is in no graph until {@link #insert}. */
    public void append(float[] vector) {
        int ordinal = count;
        vectors[ordinal % shards].append(vector);
        count = ordinal + 1;
    }

    /** Inserts an appended ordinal into its shard's graph; inserts into different shards or nodes may run in parallel. */
    public void insert(int ordinal) {
        int shard = ordinal % shards;
        int node = ordinal / shards;
        builders[shard].addGraphNode(node, vectors[shard].searchProviderFor(node));
    }

    /**
     * Copies every shard's graph for searches, up to ordinal {@code ordinals} (exclusive), all of
     * which must be inserted; nothing may insert meanwhile.
     */
    public void seal(int ordinals) {
        SealedGraph[] previous = sealed;
        SealedGraph[] next = new SealedGraph[shards];
        for (int s = 0; s < shards; s++) {
            next[s] = SealedGraph.after(previous[s], builders[s].getGraph(), vectors[s], nodesBelow(ordinals, s));
        }
        sealed = next;
    }

    /** The sealed copies searches walk now (benchmarks). */
    SealedGraph[] sealedCopies() {
        return sealed.clone();
    }

    /**
     * Puts other copies of the same seal in their place, for benchmarks comparing ways of walking
     * one graph; nothing may seal meanwhile.
     */
    void walkCopies(SealedGraph[] copies) {
        if (copies.length != shards || ordinalsIn(copies) != ordinalsIn(sealed)) {
            throw new IllegalArgumentException("not copies of the current seal");
        }
        sealed = copies.clone();
    }

    /** Bytes of the graphs, their codes and their sealed copies. */
    public long bytes() {
        long total = 0;
        SealedGraph[] copies = sealed;
        for (int s = 0; s < shards; s++) {
            total += builders[s].getGraph().ramBytesUsed() + vectors[s].bytes() + copies[s].bytes();
        }
        return total;
    }

    /**
     * The candidates for {@code query} (in the graph's space) from the sealed graphs: each shard's
     * best {@code count} accepted ordinals from a beam of {@code ef}, shard after shard, each
     * nearest first. With a pool the shards are walked at the same time.
     */
    public Candidates search(float[] query, int count, int ef, IntPredicate accept, Optional<ExecutorService> pool) {
        SealedGraph[] graphs = sealed;
        int[][] found = new int[shards][];
        FutureTask<?>[] others = new FutureTask<?>[shards];
        if (pool.isPresent()) {
            for (int s = 1; s < shards; s++) {
                int shard = s;
                others[s] = new FutureTask<>(() -> found[shard] = walk(graphs[shard], shard, query, count, ef, accept), null);
                try {
                    pool.get().execute(others[s]);
                } catch (RejectedExecutionException e) {
                    // The engine is closing: the loop below walks it here.
                }
            }
        }
        found[0] = walk(graphs[0], 0, query, count, ef, accept);
        for (int s = 1; s < shards; s++) {
            if (others[s] == null) {
                found[s] = walk(graphs[s], s, query, count, ef, accept);
            } else {
                // Runs the walk here unless a pool thread already has.
                others[s].run();
                await(others[s]);
            }
        }
        return new Candidates(concat(found), ordinalsIn(graphs));
    }

    /** The same, each shard searched by jvector's own {@code GraphSearcher} on its live graph (benchmarks). */
    public int[] searchByJvector(float[] query, int count, int ef, IntPredicate accept) {
        int[][] found = new int[shards][];
        for (int s = 0; s < shards; s++) {
            int shard = s;
            try (GraphSearcher searcher = new GraphSearcher(builders[s].getGraph())) {
                SearchResult result = searcher.search(new DefaultSearchScoreProvider(vectors[s].scoreFunction(query)),
                        count, ef, 0f, 0f, node -> accept.test(node * shards + shard));
                found[s] = Arrays.stream(result.getNodes()).mapToInt(n -> n.node * shards + shard).toArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return concat(found);
    }

    private int[] walk(SealedGraph graph, int shard, float[] query, int count, int ef, IntPredicate accept) {
        int[] nodes = graph.search(query, count, ef, node -> accept.test(node * shards + shard));
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = nodes[i] * shards + shard;
        }
        return nodes;
    }

    /** Shard {@code shard}'s nodes among the ordinals below {@code ordinals}. */
    private int nodesBelow(int ordinals, int shard) {
        return Math.max(0, (ordinals - shard + shards - 1) / shards);
    }

    private static int[] concat(int[][] parts) {
        int total = 0;
        for (int[] part : parts) {
            total += part.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static void await(FutureTask<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    // The walk reads what the caller's read lock protects: wait it out.
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException r -> throw r;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
