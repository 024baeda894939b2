package io.polyface.engine.local;

import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;

/**
 * A read-only copy of an HNSW graph that jvector built, laid out for searching, and its search.
 *
 * <p>Walking a graph of a million faces is waiting for memory: every step reads a node's
 * neighbour list and then the codes of neighbours scattered over a hundred megabytes. jvector
 * keeps each neighbour list in its own objects (two or three pointers to chase before the first
 * neighbour) and its codes in chunks. Here the bottom layer's lists are one array (compressed
 * sparse rows) and the codes a second copy ({@link NodeCodes}): in the index, four bits per
 * dimension, each node's in one cache line, where the graph's own int8 codes take two. Over a
 * million faces that made the same walk about 1.5 times as fast (at a beam of 600, p99 3.8 against
 * 7.2 ms in one run) for at most 0.006 less recall@10. (Renumbering the nodes breadth-first, so
 * that neighbours sit near each other, made no lasting difference: a walk's reads are scattered
 * over the whole graph either way.)
 *
 * <p>The search is the HNSW paper's (Malkov and Yashunin, algorithms 2 and 5): greedy descent
 * through the upper layers, then a beam of {@code ef} candidates on the bottom one. An expanded
 * node's neighbours are read in three passes: which are new (a bit each in a reused set, small
 * enough to stay in cache), then one byte of every cache line of every new neighbour's codes, then
 * their distances. The second pass computes nothing: it sends all the reads to memory at once, as
 * hnswlib's prefetches do, so that the distances then find their codes in cache instead of waiting
 * for one neighbour after another. On one shard of a million face-like vectors that pass made a
 * search about twice as fast, and three times with the int8 codes padded to cache lines (the same
 * candidates).
 *
 * <p>A sealed graph never changes; the index seals a new one as faces arrive and scores the faces
 * added since exactly. Thread-safe: each search takes its own scratch space from a small pool.
 */
final class SealedGraph {

    private final GraphVectors vectors;
    /** The bottom layer: the neighbours of node n are {@code edges[firstEdge[n] .. firstEdge[n + 1])}. */
    private final int[] firstEdge;
    private final int[] edges;
    private final NodeCodes codes;
    /** Layers 1 and up: their nodes, ascending, and each one's neighbours. */
    private final int[][] upperNodes;
    private final int[][][] upperEdges;
    private final int entry;
    private final ConcurrentLinkedQueue<Scratch> scratchPool = new ConcurrentLinkedQueue<>();

    private SealedGraph(GraphVectors vectors, int[] firstEdge, int[] edges, NodeCodes codes, int[][] upperNodes,
                        int[][][] upperEdges, int entry) {
        this.vectors = vectors;
        this.firstEdge = firstEdge;
        this.edges = edges;
        this.codes = codes;
        this.upperNodes = upperNodes;
        this.upperEdges = upperEdges;
        this.entry = entry;
    }

    /**
     * Copies the nodes {@code 0 .. nodes-1} of {@code graph} and their int8 codes from {@code
     * vectors}; edges to later nodes are left out. Nothing may insert into the graph meanwhile.
     */
    static SealedGraph of(ImmutableGraphIndex graph, GraphVectors vectors, int nodes) {
        return of(graph, vectors, nodes, false);
    }

    /** The same, its codes in the {@link NodeCodes.Nibbles nibble} layout when {@code nibbles} and the dimensions fit. */
    static SealedGraph of(ImmutableGraphIndex graph, GraphVectors vectors, int nodes, boolean nibbles) {
        return of(graph, vectors, nodes, NodeCodes.empty(vectors.dimension(), nibbles));
    }

    /**
     * The same for a graph that {@code previous} is an earlier seal of, with at least as many nodes:
     * the new seal shares its codes and copies only those of the nodes added since.
     */
    static SealedGraph after(SealedGraph previous, ImmutableGraphIndex graph, GraphVectors vectors, int nodes) {
        return of(graph, vectors, nodes, previous.codes);
    }

    private static SealedGraph of(ImmutableGraphIndex graph, GraphVectors vectors, int nodes, NodeCodes known) {
        try (ImmutableGraphIndex.View view = graph.getView()) {
            ImmutableGraphIndex.NodeAtLevel top = view.entryNode();
            if (top == null || nodes == 0) {
                return new SealedGraph(vectors, new int[1], new int[0], known, new int[0][], new int[0][][], -1);
            }
            int[] firstEdge = new int[nodes + 1];
            int[] edges = new int[nodes * 8];
            Neighbours list = new Neighbours(view, nodes);
            for (int node = 0; node < nodes; node++) {
                list.read(0, node);
                if (firstEdge[node] + list.size > edges.length) {
                    edges = Arrays.copyOf(edges, Math.max(firstEdge[node] + list.size, edges.length + edges.length / 2));
                }
                System.arraycopy(list.found, 0, edges, firstEdge[node], list.size);
                firstEdge[node + 1] = firstEdge[node] + list.size;
            }
            edges = Arrays.copyOf(edges, firstEdge[nodes]);
            int[][] upperNodes = new int[top.level][];
            int[][][] upperEdges = new int[top.level][][];
            for (int level = 1; level <= top.level; level++) {
                int[] members = members(graph.getNodes(level), nodes);
                int[][] lists = new int[members.length][];
                for (int i = 0; i < members.length; i++) {
                    list.read(level, members[i]);
                    lists[i] = Arrays.copyOf(list.found, list.size);
                }
                upperNodes[level - 1] = members;
                upperEdges[level - 1] = lists;
            }
            NodeCodes codes = known.holding(vectors, nodes);
            // jvector's entry point may be a node added after the seal: then enter from the highest
            // layer that has older nodes, at its first one.
            int levels = top.level;
            while (levels > 0 && upperNodes[levels - 1].length == 0) {
                levels--;
            }
            int entry = top.node < nodes ? top.node : levels > 0 ? upperNodes[levels - 1][0] : 0;
            return new SealedGraph(vectors, firstEdge, edges, codes, Arrays.copyOf(upperNodes, levels),
                    Arrays.copyOf(upperEdges, levels), entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nodes below {@code nodes} among {@code layer}'s, ascending. */
    private static int[] members(NodesIterator layer, int nodes) {
        int[] members = new int[layer.size()];
        int count = 0;
        while (layer.hasNext()) {
            int node = layer.nextInt();
            if (node < nodes) {
                members[count++] = node;
            }
        }
        members = Arrays.copyOf(members, count);
        Arrays.sort(members);
        return members;
    }

    /** One node's neighbours below {@code nodes}, in a reused array. */
    private static final class Neighbours {
        private final ImmutableGraphIndex.View view;
        private final int nodes;
        int[] found = new int[64];
        int size;

        Neighbours(ImmutableGraphIndex.View view, int nodes) {
            this.view = view;
            this.nodes = nodes;
        }

        void read(int level, int node) {
            size = 0;
            NodesIterator it = view.getNeighborsIterator(level, node);
            while (it.hasNext()) {
                int next = it.nextInt();
                if (next < nodes) {
                    if (size == found.length) {
                        found = Arrays.copyOf(found, size * 2);
                    }
                    found[size++] = next;
                }
            }
        }
    }

    /** This graph with its codes in the other layout, or the same (benchmarks compare the layouts on one graph). */
    SealedGraph withCodes(boolean nibbles) {
        NodeCodes relaid = NodeCodes.empty(vectors.dimension(), nibbles).holding(vectors, nodes());
        return new SealedGraph(vectors, firstEdge, edges, relaid, upperNodes, upperEdges, entry);
    }

    /** Nodes in this graph: those numbered below this. */
    int nodes() {
        return firstEdge.length - 1;
    }

    /** Bytes of the copy: adjacency and codes. */
    long bytes() {
        long upper = 0;
        for (int[][] lists : upperEdges) {
            for (int[] list : lists) {
                upper += 4L * list.length + 16;
            }
        }
        return 4L * (firstEdge.length + edges.length) + codes.bytes() + upper;
    }

    /**
     * The best {@code count} accepted nodes for {@code query} (in the graph's space),
     * nearest first, from a beam of {@code ef}; nodes that are not accepted are walked through but
     * not returned.
     */
    int[] search(float[] query, int count, int ef, IntPredicate accept) {
        if (entry < 0) {
            return new int[0];
        }
        float[] prepared = codes.prepare(vectors.prepare(query));
        Scratch scratch = scratchPool.poll();
        if (scratch == null) {
            scratch = new Scratch();
        }
        try {
            scratch.reset(nodes());
            int current = entry;
            float currentDistance = codes.distance(current, prepared);
            for (int level = upperNodes.length; level > 0; level--) {
                boolean moved = true;
                while (moved) {
                    moved = false;
                    for (int next : upperEdges[level - 1][Arrays.binarySearch(upperNodes[level - 1], current)]) {
                        float d = codes.distance(next, prepared);
                        if (d < currentDistance) {
                            current = next;
                            currentDistance = d;
                            moved = true;
                        }
                    }
                }
            }
            return bottomLayer(prepared, current, currentDistance, Math.max(ef, count), count, accept, scratch);
        } finally {
            scratchPool.offer(scratch);
        }
    }

    private int[] bottomLayer(float[] prepared, int start, float startDistance, int ef, int count, IntPredicate accept,
                              Scratch scratch) {
        Heap candidates = scratch.candidates;
        Heap results = scratch.results;
        int[] fresh = scratch.fresh;
        float[] distances = scratch.distances;
        scratch.mark(start);
        candidates.push(start, startDistance);
        if (accept.test(start)) {
            results.push(start, startDistance);
        }
        while (candidates.size() > 0) {
            if (results.size() >= ef && candidates.topDistance() > results.topDistance()) {
                break;
            }
            int node = candidates.pop();
            int from = firstEdge[node];
            int to = firstEdge[node + 1];
            if (to - from > fresh.length) {
                fresh = scratch.fresh = new int[to - from];
                distances = scratch.distances = new float[to - from];
            }
            // Which neighbours are new; then ask for all their codes at once (see the class comment);
            // then their distances.
            int n = 0;
            for (int e = from; e < to; e++) {
                int next = edges[e];
                if (scratch.mark(next)) {
                    fresh[n++] = next;
                }
            }
            scratch.touched += codes.touch(fresh, n);
            for (int i = 0; i < n; i++) {
                distances[i] = codes.distance(fresh[i], prepared);
            }
            for (int i = 0; i < n; i++) {
                float d = distances[i];
                if (results.size() < ef || d < results.topDistance()) {
                    int next = fresh[i];
                    candidates.push(next, d);
                    if (accept.test(next)) {
                        results.push(next, d);
                        if (results.size() > ef) {
                            results.pop();
                        }
                    }
                }
            }
        }
        while (results.size() > count) {
            results.pop();
        }
        int[] out = new int[results.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = results.pop();
        }
        return out;
    }

    /**
     * What one search works in, reused by the next so that a search makes almost no garbage: the
     * set of nodes visited (a bit per node: half a million nodes take 62 KB, which stays in the
     * cache where an int per node would not), the two heaps, and the buffers for one node's new
     * neighbours.
     */
    private static final class Scratch {
        private long[] visited = new long[0];
        final Heap candidates = new Heap(64, false);
        final Heap results = new Heap(64, true);
        int[] fresh = new int[64];
        float[] distances = new float[64];
        /** The sum of the bytes {@link NodeCodes#touch} read, kept so that the reads are made. */
        int touched;

        void reset(int nodes) {
            candidates.clear();
            results.clear();
            int words = (nodes + Long.SIZE - 1) / Long.SIZE;
            if (visited.length < words) {
                visited = new long[words];
            } else {
                Arrays.fill(visited, 0, words, 0L);
            }
        }

        /** Marks a node; false when this search had already reached it. */
        boolean mark(int node) {
            int word = node >>> 6;
            long bit = 1L << node;
            long bits = visited[word];
            if ((bits & bit) != 0) {
                return false;
            }
            visited[word] = bits | bit;
            return true;
        }
    }

    /**
     * A binary heap of nodes by distance, nearest on top or (for {@code farthestOnTop}) farthest on
     * top, in two parallel arrays.
     */
    private static final class Heap {
        private final boolean farthestOnTop;
        private int[] nodes;
        private float[] distances;
        private int size;

        Heap(int capacity, boolean farthestOnTop) {
            this.farthestOnTop = farthestOnTop;
            this.nodes = new int[capacity];
            this.distances = new float[capacity];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        float topDistance() {
            return distances[0];
        }

        void push(int node, float distance) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                distances = Arrays.copyOf(distances, size * 2);
            }
            int slot = size++;
            while (slot > 0) {
                int parent = (slot - 1) >>> 1;
                if (!above(distance, distances[parent])) {
                    break;
                }
                nodes[slot] = nodes[parent];
                distances[slot] = distances[parent];
                slot = parent;
            }
            nodes[slot] = node;
            distances[slot] = distance;
        }

        int pop() {
            int top = nodes[0];
            int lastNode = nodes[--size];
            float lastDistance = distances[size];
            int slot = 0;
            while (true) {
                int child = 2 * slot + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && above(distances[child + 1], distances[child])) {
                    child++;
                }
                if (!above(distances[child], lastDistance)) {
                    break;
                }
                nodes[slot] = nodes[child];
                distances[slot] = distances[child];
                slot = child;
            }
            nodes[slot] = lastNode;
            distances[slot] = lastDistance;
            return top;
        }

        private boolean above(float a, float b) {
            return farthestOnTop ? a > b : a < b;
        }
    }
}
