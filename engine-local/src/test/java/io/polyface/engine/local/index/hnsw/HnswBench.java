package io.polyface.engine.local.index.hnsw;

import static io.polyface.engine.local.bench.Benchmarks.intArg;
import static io.polyface.engine.local.bench.Benchmarks.percentiles;
import static io.polyface.engine.local.bench.Benchmarks.sleep;
import static io.polyface.engine.local.bench.Benchmarks.stringArg;
import static io.polyface.engine.local.bench.Benchmarks.timeEach;

import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSettings;
import io.polyface.engine.local.index.SearchScaleBench;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.index.VectorIndex.Hit;
import io.polyface.engine.local.index.VectorIndex.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * HNSW on its own, run by {@code ./polyface bench hnsw}: builds the graph over N vectors (default
 * 200,000) and reports build time, memory, and for several search widths the latency and recall@10
 * against exact search.
 *
 * <p>Two kinds of data ({@code --data}):
 *
 * <ul>
 *   <li>{@code uniform}: random unit vectors in all 512 dimensions, as {@code faiss_flat.py} makes.
 *       Every stranger is almost equally far (cosine standard deviation 1/sqrt(512) = 0.044), which
 *       is the hardest case for any graph index and unlike face embeddings.
 *   <li>{@code facelike} (default): vectors shaped like this engine's embeddings as measured on the
 *       labelled faces ({@code ./polyface bench calibration}): strangers' cosines spread with a
 *       standard deviation of about 0.10, which is what unit vectors in about 100 dimensions give, and
 *       two photos of one person meet at about 0.7. So: identities are random points in a random
 *       100-dimensional subspace, each has 5 photos (the identity plus noise of 0.65 per dimension,
 *       for a mean genuine cosine near 1 / (1 + 0.65^2) = 0.70), and a little isotropic noise in all
 *       512 dimensions. Queries are new photos of enrolled identities.
 * </ul>
 *
 * <p>Besides recall@10 against exact (which also counts the strangers that fill the list after a
 * person's own photos), the bench reports "own-photo recall": of the query person's enrolled photos
 * that exact search puts in the top 10, the share the graph finds. That is what a face search asks.
 *
 * <p>Every search width runs three times on the same graphs: walked as searches walk them ({@link
 * GraphShards} over {@link SealedGraph} copies with 4-bit codes, the shards side by side), the same
 * over copies with the int8 codes the graphs were built with, and by jvector's own {@code
 * GraphSearcher} on its live graphs, shard after shard, for comparison. The first two alternate
 * width by width, so that a host that changes speed meanwhile slows both alike. Before them, a few
 * widths walk the 4-bit copies expanding one to four nodes at a time, count by count in turn: what
 * {@link SealedGraph#EXPANSIONS} was chosen on. {@code --shards} (default: the engine's) splits the
 * graph.
 */
public final class HnswBench {

    private static final int DIMENSION = 512;
    private static final int SUBSPACE = 100;
    private static final int PHOTOS_PER_IDENTITY = 5;
    private static final double PHOTO_NOISE = 0.65;
    private static final double ISOTROPIC_NOISE = 0.15;

    private HnswBench() {
    }

    public static void main(String[] args) {
        int rows = intArg(args, "--rows", 200_000);
        int queries = intArg(args, "--queries", 1000);
        int shards = intArg(args, "--shards", IndexSettings.defaults().hnswShards());
        int m = intArg(args, "--m", IndexSettings.defaults().hnswM());
        int beam = intArg(args, "--beam", IndexSettings.defaults().hnswBeamWidth());
        double variance = Double.parseDouble(stringArg(args, "--variance", String.valueOf(IndexSettings.DEFAULT_VARIANCE_KEPT)));
        boolean faceLike = !stringArg(args, "--data", "facelike").equals("uniform");
        int k = 10;

        long t0 = System.nanoTime();
        Data data = faceLike ? faceLike(rows, queries) : uniform(rows, queries);
        System.out.printf(Locale.ROOT, "data: %,d x %d %s vectors, %d queries, generated in %.1f s; %s%n",
                rows, DIMENSION, faceLike ? "face-like" : "uniform random", queries, (System.nanoTime() - t0) / 1e9,
                statistics(data));

        IndexSettings settings = IndexSettings.defaults().withInt8Scan(false, 1).withHnswGraph(rows, m, beam)
                .withHnswVarianceKept(variance).withHnswShards(shards);
        try (IndexRuntime runtime = new IndexRuntime(settings)) {
            VectorIndex index = new VectorIndex(DIMENSION, runtime);
            for (int i = 0; i < rows; i++) {
                index.add("f" + i, "p" + data.identity()[i], data.vectors()[i]);
            }
            long start = System.nanoTime();
            while (!index.graphReady() || index.graphBacklog() > 0) {
                sleep(100);
            }
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "hnsw (jvector, M=%d, beam %d, %d shards, %d threads, %s): built in %.1f s (%.0f vectors/s);"
                            + " memory: graphs, their codes and sealed copies %,d MB + float32 rows %,d MB%n",
                    m, beam, shards, settings.hnswBuildThreads(), index.graphSpace().map(Object::toString).orElse("no space"),
                    buildSeconds, rows / buildSeconds,
                    index.graphBytes() >> 20, (long) rows * DIMENSION * 4 >> 20);

            List<List<Hit>> exact = new java.util.ArrayList<>();
            long[] exactNanos = timeEach(queries, 20, q -> index.search(data.queries()[q], k, -1, false, Optional.of(Path.FLOAT32), 1),
                    exact::add);
            System.out.printf(Locale.ROOT, "exact float32, 1 thread: %s%n", percentiles(exactNanos));
            GraphShards graphs = index.graphShards().orElseThrow();
            // The engine walks 4-bit codes; the same graphs over the int8 codes they were built with, for comparison.
            SealedGraph[] nibbles = graphs.sealedCopies();
            SealedGraph[] int8 = Arrays.stream(nibbles).map(graph -> graph.withCodes(false)).toArray(SealedGraph[]::new);
            System.out.printf(Locale.ROOT, "sealed copies: with 4-bit codes %,d MB, with int8 codes %,d MB%n",
                    Arrays.stream(nibbles).mapToLong(SealedGraph::bytes).sum() >> 20,
                    Arrays.stream(int8).mapToLong(SealedGraph::bytes).sum() >> 20);
            System.out.printf(Locale.ROOT, "the sealed graphs expanding 1 to 4 nodes at a time (searches expand %d), count by count in turn:%n",
                    SealedGraph.EXPANSIONS);
            for (int ef : EXPANSION_WIDTHS) {
                for (int expansions = 1; expansions <= 4; expansions++) {
                    int count = expansions;
                    graphs.walkCopies(Arrays.stream(nibbles).map(graph -> graph.withExpansions(count)).toArray(SealedGraph[]::new));
                    searchWidth(index, data, exact, queries, k, faceLike, ef, false, count + " at a time");
                }
            }
            System.out.println("the sealed graphs walked side by side (what searches use), over 4-bit and int8 codes in turn:");
            for (int ef : WIDTHS) {
                for (SealedGraph[] copies : List.of(nibbles, int8)) {
                    graphs.walkCopies(copies);
                    searchWidth(index, data, exact, queries, k, faceLike, ef, false, copies == nibbles ? "4-bit" : "int8");
                }
            }
            graphs.walkCopies(nibbles);
            System.out.println("the same graphs searched by jvector's GraphSearcher (for comparison):");
            for (int ef : WIDTHS) {
                searchWidth(index, data, exact, queries, k, faceLike, ef, true, "jvector");
            }
        }
    }

    private static final int[] WIDTHS = {64, 128, 256, 384, 500, 600, 700, 800, 1000};
    private static final int[] EXPANSION_WIDTHS = {384, 500, 550, 600, 800};

    private static void searchWidth(VectorIndex index, Data data, List<List<Hit>> exact, int queries, int k,
                                    boolean faceLike, int ef, boolean jvectorSearcher, String label) {
        List<List<Hit>> results = new java.util.ArrayList<>();
        long[] nanos = timeEach(queries, 20, q -> index.searchGraph(data.queries()[q], k, ef, jvectorSearcher), results::add);
        double found = 0;
        double own = 0;
        double ownFound = 0;
        for (int q = 0; q < queries; q++) {
            Set<String> truth = new HashSet<>(ids(exact.get(q)));
            List<String> got = ids(results.get(q));
            found += got.stream().filter(truth::contains).count();
            String person = "p" + data.queryIdentity()[q];
            Set<String> ownInTruth = new HashSet<>();
            exact.get(q).stream().filter(h -> h.tag().equals(person)).forEach(h -> ownInTruth.add(h.faceId()));
            own += ownInTruth.size();
            ownFound += got.stream().filter(ownInTruth::contains).count();
        }
        System.out.printf(Locale.ROOT, "hnsw ef-search=%d %s: %s, recall@10 %.3f%s%n", ef, label, percentiles(nanos),
                found / (queries * k), faceLike ? String.format(Locale.ROOT, ", own-photo recall %.3f", ownFound / own) : "");
    }

    private record Data(float[][] vectors, int[] identity, float[][] queries, int[] queryIdentity) {}

    /** The cosine statistics the data was shaped after, measured on a sample of it. */
    private static String statistics(Data data) {
        SplittableRandom random = new SplittableRandom(3);
        int n = data.vectors().length;
        double sum = 0;
        double squares = 0;
        int strangers = 0;
        double genuine = 0;
        int pairs = 0;
        for (int s = 0; s < 20_000; s++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            double c = dot(data.vectors()[a], data.vectors()[b]);
            if (data.identity()[a] != data.identity()[b]) {
                sum += c;
                squares += c * c;
                strangers++;
            }
        }
        for (int q = 0; q < data.queries().length; q++) {
            for (int i = 0; i < n; i++) {
                if (data.identity()[i] == data.queryIdentity()[q] && pairs < 5_000) {
                    genuine += dot(data.queries()[q], data.vectors()[i]);
                    pairs++;
                }
            }
        }
        double mean = sum / strangers;
        return String.format(Locale.ROOT, "strangers' cosine mean %.3f, sd %.3f; query to own photos mean %.3f",
                mean, Math.sqrt(squares / strangers - mean * mean), pairs == 0 ? Double.NaN : genuine / pairs);
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    private static Data uniform(int rows, int queries) {
        float[][] vectors = new float[rows][];
        IntStream.range(0, rows).parallel()
                .forEach(i -> vectors[i] = SearchScaleBench.unit(DIMENSION, new SplittableRandom(i * 0x9E3779B97F4A7C15L)));
        int[] identity = IntStream.range(0, rows).toArray();
        SplittableRandom random = new SplittableRandom(42);
        float[][] probes = new float[queries][];
        int[] probeIdentity = new int[queries];
        for (int q = 0; q < queries; q++) {
            int source = q * (rows / queries);
            float[] noise = SearchScaleBench.unit(DIMENSION, random);
            float[] p = vectors[source].clone();
            for (int i = 0; i < DIMENSION; i++) {
                p[i] += 0.05f * noise[i];
            }
            probes[q] = p;
            probeIdentity[q] = source;
        }
        return new Data(vectors, identity, probes, probeIdentity);
    }

    private static Data faceLike(int rows, int queries) {
        SplittableRandom random = new SplittableRandom(7);
        float[][] basis = orthonormalBasis(random);
        int identities = Math.max(1, rows / PHOTOS_PER_IDENTITY);
        double[][] centres = new double[identities][];
        for (int p = 0; p < identities; p++) {
            centres[p] = gaussian(SUBSPACE, random, 1);
        }
        float[][] vectors = new float[rows][];
        int[] identity = new int[rows];
        IntStream.range(0, rows).parallel().forEach(i -> {
            identity[i] = i % identities;
            vectors[i] = photo(basis, centres[identity[i]], new SplittableRandom(i * 0x9E3779B97F4A7C15L + 1));
        });
        float[][] probes = new float[queries][];
        int[] probeIdentity = new int[queries];
        for (int q = 0; q < queries; q++) {
            probeIdentity[q] = (int) ((long) q * identities / queries);
            probes[q] = photo(basis, centres[probeIdentity[q]], random);
        }
        return new Data(vectors, identity, probes, probeIdentity);
    }

    /** One photo of an identity: its centre plus photo noise, in the subspace, plus a little noise everywhere. */
    private static float[] photo(float[][] basis, double[] centre, SplittableRandom random) {
        double[] z = gaussian(SUBSPACE, random, PHOTO_NOISE);
        double[] v = gaussian(DIMENSION, random, ISOTROPIC_NOISE / Math.sqrt(DIMENSION / (double) SUBSPACE));
        for (int j = 0; j < SUBSPACE; j++) {
            double c = centre[j] + z[j];
            float[] b = basis[j];
            for (int i = 0; i < DIMENSION; i++) {
                v[i] += c * b[i];
            }
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        float[] out = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    private static float[][] orthonormalBasis(SplittableRandom random) {
        float[][] basis = new float[SUBSPACE][];
        for (int j = 0; j < SUBSPACE; j++) {
            double[] v = gaussian(DIMENSION, random, 1);
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < DIMENSION; i++) {
                    dot += v[i] * basis[k][i];
                }
                for (int i = 0; i < DIMENSION; i++) {
                    v[i] -= dot * basis[k][i];
                }
            }
            double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
            basis[j] = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                basis[j][i] = (float) (v[i] / norm);
            }
        }
        return basis;
    }

    private static double[] gaussian(int n, SplittableRandom random, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: exact Gaussians, so the measured cosine spreads match the derivation.
            double u1 = 1 - random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::faceId).toList();
    }
}
