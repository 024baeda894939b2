package io.polyface.engine.local.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.polyface.engine.local.index.VectorIndexTest;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ordinals spread over several graphs: what a seal covers, and the same answers walked alone or side by side. */
class GraphShardsTest {

    private static final int DIMENSION = 24;

    @Test
    void shardsTogetherAnswerForEveryOrdinalTheSealCoversAndNoOther() {
        Random random = new Random(31);
        int total = 3000;
        int sealedUpTo = 2000;
        GraphShards shards = new GraphShards(3, DIMENSION, 1f / 127, 16, 100,
                VectorizationProvider.getInstance().getVectorTypeSupport());
        float[][] vectors = new float[total][];
        for (int i = 0; i < total; i++) {
            vectors[i] = VectorIndexTest.unit(DIMENSION, random);
            shards.append(vectors[i]);
        }
        IntStream.range(0, total).parallel().forEach(shards::insert);
        shards.seal(sealedUpTo);

        assertThat(shards.size()).isEqualTo(total);
        assertThat(shards.sealedOrdinals()).isEqualTo(sealedUpTo);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int q = 0; q < 30; q++) {
                float[] query = VectorIndexTest.unit(DIMENSION, random);
                // A beam as wide as the shards: every shard's candidates are its nearest by the
                // walk's 4-bit codes, among which the index finds the exact best by re-scoring 4
                // per wanted hit.
                GraphShards.Candidates walkedAlone = shards.search(query, 20, total, o -> o % 2 == 0, Optional.empty());
                int[] alone = walkedAlone.ordinals();
                int[] sideBySide = shards.search(query, 20, total, o -> o % 2 == 0, Optional.of(pool)).ordinals();

                assertThat(walkedAlone.walked()).isEqualTo(sealedUpTo);
                assertThat(sideBySide).containsExactly(alone);
                assertThat(alone).hasSize(60);
                assertThat(IntStream.of(alone).boxed()).allMatch(o -> o < sealedUpTo && o % 2 == 0);
                int[] best = IntStream.range(0, sealedUpTo).filter(o -> o % 2 == 0).boxed()
                        .sorted(Comparator.comparingDouble(o -> distance(vectors[o], query)))
                        .limit(5).mapToInt(Integer::intValue).toArray();
                assertThat(alone).contains(best);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return d;
    }
}
