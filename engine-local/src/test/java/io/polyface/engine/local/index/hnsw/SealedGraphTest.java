package io.polyface.engine.local.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.polyface.engine.local.index.VectorIndexTest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sealed copy of a jvector graph and its search, against brute force and against jvector's own search. */
class SealedGraphTest {

    private static final int DIMENSION = 32;
    private static final int NODES = 3000;

    @Test
    void aBeamAsWideAsTheGraphFindsTheExactNearestAndANarrowOneNearlyAllExpandingOneToFourNodesAtATime() throws Exception {
        Random random = new Random(21);
        GraphVectors vectors = randomVectors(random);
        try (GraphIndexBuilder builder = graphOf(vectors)) {
            SealedGraph graph = SealedGraph.of(builder.getGraph(), vectors, NODES);
            int[] counts = {1, 2, 3, 4};
            int[] found = new int[counts.length];
            int foundByDefault = 0;
            int foundByJvector = 0;
            try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
                for (int q = 0; q < 100; q++) {
                    float[] query = VectorIndexTest.unit(DIMENSION, random);
                    int[] exact = nearest(vectors, query, 10, i -> true);

                    foundByDefault += walkFinds(graph, query, exact, "as searches walk");
                    for (int c = 0; c < counts.length; c++) {
                        found[c] += walkFinds(graph.withExpansions(counts[c]), query, exact, counts[c] + " at a time");
                    }
                    int[] byJvector = Arrays.stream(searcher.search(
                            new DefaultSearchScoreProvider(vectors.scoreFunction(query)), 10, 40, 0f, 0f, Bits.ALL)
                            .getNodes()).mapToInt(n -> n.node).toArray();
                    foundByJvector += overlap(byJvector, exact);
                }
            }
            // The same beam on the same graph: as good as jvector's own search.
            assertThat(foundByDefault).isGreaterThanOrEqualTo(foundByJvector - 10).isGreaterThan(800);
            // Expanding the next few candidates together only adds work: a narrow beam finds as much.
            for (int c = 1; c < counts.length; c++) {
                assertThat(found[c]).as("%d at a time", counts[c]).isGreaterThanOrEqualTo(found[0] - 5);
            }
            assertThat(found[0]).isGreaterThan(800);
        }
    }

    /** Checks a full beam's exact answer and a narrow beam's shape; returns how many exact nearest the narrow one finds. */
    private static int walkFinds(SealedGraph walk, float[] query, int[] exact, String how) {
        assertThat(walk.search(query, 10, NODES, i -> true)).as(how).containsExactly(exact);
        int[] narrow = walk.search(query, 10, 40, i -> true);
        assertThat(narrow).as(how).hasSize(10).doesNotHaveDuplicates();
        return overlap(narrow, exact);
    }

    @Test
    void overFourBitCodesTheBestFourPerWantedHitHoldTheExactNearestAndTheInt8CopyOrdersThemExactly() throws Exception {
        Random random = new Random(25);
        GraphVectors vectors = randomVectors(random);
        SealedGraph nibbles = sealedGraphOf(vectors, true);
        SealedGraph int8 = nibbles.withCodes(false);
        int kept = 0;
        for (int q = 0; q < 50; q++) {
            float[] query = VectorIndexTest.unit(DIMENSION, random);
            int[] exact = nearest(vectors, query, 10, i -> true);
            // The index re-scores the walk's best 4 per wanted hit on the full vectors.
            kept += overlap(nibbles.search(query, 40, NODES, i -> true), exact);
            assertThat(int8.search(query, 10, NODES, i -> true)).containsExactly(exact);
        }
        assertThat(kept).isGreaterThanOrEqualTo(495);
    }

    @Test
    void nodesNotAcceptedAreWalkedThroughButNeverReturned() throws Exception {
        Random random = new Random(22);
        GraphVectors vectors = randomVectors(random);
        SealedGraph walk = sealedGraphOf(vectors, false);
        // Every even node is "deleted": the odd ones must still be reached through them.
        for (int q = 0; q < 20; q++) {
            float[] query = vectors.vector(2 * random.nextInt(NODES / 2));
            int[] hits = walk.search(query, 10, NODES, i -> i % 2 == 1);

            assertThat(hits).containsExactly(nearest(vectors, query, 10, i -> i % 2 == 1));
        }
        assertThat(SealedGraph.of(new GraphIndexBuilder(vectors, DIMENSION, 16, 100, 1.2f, 1.2f, true).getGraph(),
                vectors, 0).search(vectors.vector(0), 10, 50, i -> true)).isEmpty();
    }

    @Test
    void aSealHoldsTheOrdinalsBelowItsSizeAndNothingInsertedAfter() throws Exception {
        Random random = new Random(23);
        GraphVectors vectors = randomVectors(random);
        try (GraphIndexBuilder builder = graphOf(vectors)) {
            int sealedNodes = NODES * 2 / 3;
            SealedGraph sealed = SealedGraph.of(builder.getGraph(), vectors, sealedNodes);

            assertThat(sealed.nodes()).isEqualTo(sealedNodes);
            for (int q = 0; q < 20; q++) {
                // A later node's own vector: the seal must answer with its nearest among the earlier ones.
                float[] query = vectors.vector(sealedNodes + random.nextInt(NODES - sealedNodes));
                assertThat(sealed.search(query, 10, NODES, i -> true))
                        .containsExactly(nearest(vectors, query, 10, i -> i < sealedNodes));
            }
            // Every node is reachable in the copy: each one's own vector finds it with a narrow beam.
            int foundThemselves = 0;
            for (int node = 0; node < sealedNodes; node += 7) {
                foundThemselves += sealed.search(vectors.vector(node), 1, 40, i -> true)[0] == node ? 1 : 0;
            }
            assertThat(foundThemselves).isGreaterThan(sealedNodes / 7 * 95 / 100);
        }
    }

    @Test
    void successiveSealsShareTheirCodesAndEachAnswersForItsOwnNodes() throws Exception {
        // 72 dimensions: codes padded to two cache lines, and a tail past the last whole SIMD step.
        Random random = new Random(24);
        GraphVectors vectors = randomVectors(random, 72);
        try (GraphIndexBuilder builder = graphOf(vectors)) {
            // The first seal's block holds 1,000 nodes; 1,001 outgrows it, 1,400 fits the grown
            // block, 3,000 outgrows it again. Older seals keep answering while later ones fill on.
            SealedGraph first = SealedGraph.of(builder.getGraph(), vectors, 1000);
            SealedGraph[] seals = {first, null, null, null};
            int[] sizes = {1000, 1001, 1400, NODES};
            for (int i = 1; i < seals.length; i++) {
                seals[i] = SealedGraph.after(seals[i - 1], builder.getGraph(), vectors, sizes[i]);
            }
            for (int i = 0; i < seals.length; i++) {
                int size = sizes[i];
                assertThat(seals[i].nodes()).isEqualTo(size);
                for (int q = 0; q < 10; q++) {
                    float[] query = VectorIndexTest.unit(72, random);
                    assertThat(seals[i].search(query, 10, NODES, n -> true))
                            .containsExactly(nearest(vectors, query, 10, n -> n < size));
                }
                // The last node of each seal is found by its own vector: its codes were copied in.
                assertThat(seals[i].search(vectors.vector(size - 1), 1, NODES, n -> true)).containsExactly(size - 1);
            }
        }
    }

    private static GraphVectors randomVectors(Random random) {
        return randomVectors(random, DIMENSION);
    }

    private static GraphVectors randomVectors(Random random, int dimension) {
        GraphVectors vectors = new GraphVectors(dimension, 1f / 127, VectorizationProvider.getInstance().getVectorTypeSupport());
        for (int i = 0; i < NODES; i++) {
            vectors.append(VectorIndexTest.unit(dimension, random));
        }
        return vectors;
    }

    /** A jvector graph of every vector, inserted in order. */
    private static GraphIndexBuilder graphOf(GraphVectors vectors) {
        GraphIndexBuilder builder = new GraphIndexBuilder(vectors, vectors.dimension(), 16, 100, 1.2f, 1.2f, true);
        for (int i = 0; i < vectors.size(); i++) {
            builder.addGraphNode(i, vectors.searchProviderFor(i));
        }
        return builder;
    }

    /** The sealed copy of {@link #graphOf a graph of every vector}, with nibble codes or not; the graph is closed. */
    private static SealedGraph sealedGraphOf(GraphVectors vectors, boolean nibbles) throws Exception {
        try (GraphIndexBuilder builder = graphOf(vectors)) {
            return SealedGraph.of(builder.getGraph(), vectors, vectors.size(), nibbles);
        }
    }

    private static int overlap(int[] got, int[] exact) {
        return (int) IntStream.of(got).filter(n -> IntStream.of(exact).anyMatch(e -> e == n)).count();
    }

    private static int[] nearest(GraphVectors vectors, float[] query, int k, java.util.function.IntPredicate accept) {
        return IntStream.range(0, vectors.size()).filter(accept).boxed()
                .sorted(Comparator.comparingDouble(i -> vectors.squareDistance(i, query)))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
