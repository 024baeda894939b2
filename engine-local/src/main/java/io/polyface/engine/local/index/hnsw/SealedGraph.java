package io.polyface.engine.local.index.hnsw;

import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;

/**
 * A read-only copy of an HNSW graph that jvector built, laid out for walking, and its search: the
 * bottom layer's neighbour lists in one array at a fixed stride, each on a cache line, and the
 * codes in a second copy ({@link NodeCodes}), so a walk that waits on memory waits less often. The
 * search is the HNSW paper's (Malkov and Yashunin, algorithms 2 and 5), expanding the next {@value
 * #EXPANSIONS} candidates together and reading the new neighbours' codes in a pass of its own
 * before scoring them (measurements: docs/benchmarks.md).
 *
 * <p>A sealed graph never changes; the index seals a new one as faces arrive and scores the faces
 * added since exactly. Thread-safe: each search takes its own scratch space from a small pool.
 */
final class SealedGraph {

    /** Nodes expanded at a time: their neighbour lists are asked for together (see the class comment). */
    static final int EXPANSIONS = 3;
    /** Ints before node 0's list, so that each list starts on a cache line ({@link NodeCodes#ARRAY_BASE}). */
    private static final int LEAD = (NodeCodes.LINE - NodeCodes.ARRAY_BASE) / Integer.BYTES;
    private static final int LINE_INTS = NodeCodes.LINE / Integer.BYTES;

    private final GraphVectors vectors;
    /**
     * The bottom layer, every node's list at the same stride: node n's neighbour count at {@code
     * lists[LEAD + n * stride]}, its neighbours after it. A list is found from the node alone, where
     * an index of where each list starts would be one more read to wait for.
     */
    private final int[] lists;
    private final int stride;
    private final NodeCodes codes;
    /** Layers 1 and up: their nodes, ascending, and each one's neighbours. */
    private final int[][] upperNodes;
    private final int[][][] upperEdges;
    private final int entry;
    private final int expansions;
    private final ConcurrentLinkedQueue<Scratch> scratchPool = new ConcurrentLinkedQueue<>();

    private SealedGraph(GraphVectors vectors, int[] lists, int stride, NodeCodes codes, int[][] upperNodes,
                        int[][][] upperEdges, int entry, int expansions) {
        this.vectors = vectors;
        this.lists = lists;
        this.stride = stride;
        this.codes = codes;
        this.upperNodes = upperNodes;
        this.upperEdges = upperEdges;
        this.entry = entry;
        this.expansions = expansions;
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
                return new SealedGraph(vectors, new int[LEAD], LINE_INTS, known, new int[0][], new int[0][][], -1, EXPANSIONS);
            }
            // The stride: the longest list (jvector's lists may overflow M while it builds) and its count.
            int most = 0;
            for (int node = 0; node < nodes; node++) {
                most = Math.max(most, view.getNeighborsIterator(0, node).size());
            }
            int stride = (most + 1 + LINE_INTS - 1) / LINE_INTS * LINE_INTS;
            if ((long) nodes * stride > Integer.MAX_VALUE - 2 * LINE_INTS) {
                throw new IllegalStateException("too many nodes for one graph's neighbour lists: " + nodes);
            }
            int[] bottom = new int[LEAD + nodes * stride];
            Neighbours list = new Neighbours(view, nodes);
            for (int node = 0; node < nodes; node++) {
                list.read(0, node);
                if (list.size >= stride) {
                    throw new IllegalStateException("node " + node + "'s neighbours changed while it was sealed");
                }
                int at = LEAD + node * stride;
                bottom[at] = list.size;
                System.arraycopy(list.found, 0, bottom, at + 1, list.size);
            }
            int[][] upperNodes = new int[top.level][];
            int[][][] upperEdges = new int[top.level][][];
            for (int level = 1; level <= top.level; level++) {
                int[] members = members(graph.getNodes(level), nodes);
                int[][] neighbours = new int[members.length][];
                for (int i = 0; i < members.length; i++) {
                    list.read(level, members[i]);
                    neighbours[i] = Arrays.copyOf(list.found, list.size);
                }
                upperNodes[level - 1] = members;
                upperEdges[level - 1] = neighbours;
            }
            NodeCodes codes = known.holding(vectors, nodes);
            // jvector's entry point may be a node added after the seal: then enter from the highest
            // layer that has older nodes, at its first one.
            int levels = top.level;
            while (levels > 0 && upperNodes[levels - 1].length == 0) {
                levels--;
            }
            int entry = top.node < nodes ? top.node : levels > 0 ? upperNodes[levels - 1][0] : 0;
            return new SealedGraph(vectors, bottom, stride, codes, Arrays.copyOf(upperNodes, levels),
                    Arrays.copyOf(upperEdges, levels), entry, EXPANSIONS);
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
        return new SealedGraph(vectors, lists, stride, relaid, upperNodes, upperEdges, entry, expansions);
    }

    /** This graph expanding {@code count} nodes at a time (benchmarks compare counts on one graph). */
    SealedGraph withExpansions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("expansions must be positive: " + count);
        }
        return new SealedGraph(vectors, lists, stride, codes, upperNodes, upperEdges, entry, count);
    }

    /** Nodes in this graph: those numbered below this. */
    int nodes() {
        return (lists.length - LEAD) / stride;
    }

    /** Bytes of the copy: adjacency and codes. */
    long bytes() {
        long upper = 0;
        for (int[][] layer : upperEdges) {
            for (int[] list : layer) {
                upper += 4L * list.length + 16;
            }
        }
        return 4L * lists.length + codes.bytes() + upper;
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
            scratch.reset(nodes(), expansions, stride);
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
        int[] expanding = scratch.expanding;
        int[] fresh = scratch.fresh;
        float[] distances = scratch.distances;
        scratch.mark(start);
        candidates.push(start, startDistance);
        if (accept.test(start)) {
            results.push(start, startDistance);
        }
        while (candidates.size() > 0 && !finished(candidates, results, ef)) {
            // The next nodes the search would expand, one after another, as far as each would still
            // be; every line of their lists asked for at once; then which neighbours are new.
            int taken = 0;
            do {
                expanding[taken++] = candidates.pop();
            } while (taken < expansions && candidates.size() > 0 && !finished(candidates, results, ef));
            int sum = 0;
            for (int t = 0; t < taken; t++) {
                int at = LEAD + expanding[t] * stride;
                for (int line = 0; line < stride; line += LINE_INTS) {
                    sum += lists[at + line];
                }
            }
            scratch.touched += sum;
            int n = 0;
            for (int t = 0; t < taken; t++) {
                int at = LEAD + expanding[t] * stride;
                int end = at + 1 + lists[at];
                for (int e = at + 1; e < end; e++) {
                    int next = lists[e];
                    if (scratch.mark(next)) {
                        fresh[n++] = next;
                    }
                }
            }
            // Then ask for all their codes at once (see the class comment); then their distances.
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

    /** Whether a beam of {@code ef} is done: full, and its farthest nearer than any candidate left. */
    private static boolean finished(Heap candidates, Heap results, int ef) {
        return results.size() >= ef && candidates.topDistance() > results.topDistance();
    }

    /**
     * What one search works in, reused by the next so that a search makes almost no garbage: the
     * set of nodes visited (a bit per node: half a million nodes take 62 KB, which stays in the
     * cache where an int per node would not), the two heaps, the nodes being expanded together and
     * the buffers for their new neighbours.
     */
    private static final class Scratch {
        private long[] visited = new long[0];
        final Heap candidates = new Heap(64, false);
        final Heap results = new Heap(64, true);
        int[] expanding = new int[0];
        int[] fresh = new int[0];
        float[] distances = new float[0];
        /** The sum of what the read-ahead passes read (lists, then codes), kept so that the reads are made. */
        int touched;

        /** Ready for a walk of a graph of {@code nodes}, expanding {@code expansions} lists of up to {@code stride} at a time. */
        void reset(int nodes, int expansions, int stride) {
            candidates.clear();
            results.clear();
            if (expanding.length < expansions) {
                expanding = new int[expansions];
            }
            if (fresh.length < expansions * stride) {
                fresh = new int[expansions * stride];
                distances = new float[expansions * stride];
            }
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
     * top. An entry is one {@code long}, the distance's bits above the node's, so that one read and
     * one comparison settle each level: distances are clamped at zero (a rounding error may take an
     * expanded distance a hair below it), and the bits of floats that are not negative order as the
     * floats do. Farthest on top stores the entries' complements, which reverses their order, so
     * both heaps keep the least entry on top.
     */
    private static final class Heap {
        private final long flip;
        private long[] entries;
        private int size;

        Heap(int capacity, boolean farthestOnTop) {
            this.flip = farthestOnTop ? -1L : 0L;
            this.entries = new long[capacity];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        float topDistance() {
            return Float.intBitsToFloat((int) ((entries[0] ^ flip) >>> 32));
        }

        void push(int node, float distance) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            long entry = ((long) Float.floatToRawIntBits(Math.max(0f, distance)) << 32 | (node & 0xFFFF_FFFFL)) ^ flip;
            int slot = size++;
            while (slot > 0) {
                int parent = (slot - 1) >>> 1;
                long above = entries[parent];
                if (above <= entry) {
                    break;
                }
                entries[slot] = above;
                slot = parent;
            }
            entries[slot] = entry;
        }

        int pop() {
            int top = (int) (entries[0] ^ flip);
            long last = entries[--size];
            int slot = 0;
            while (true) {
                int child = 2 * slot + 1;
                if (child >= size) {
                    break;
                }
                long below = entries[child];
                if (child + 1 < size && entries[child + 1] < below) {
                    below = entries[++child];
                }
                if (last <= below) {
                    break;
                }
                entries[slot] = below;
                slot = child;
            }
            entries[slot] = last;
            return top;
        }
    }
}
