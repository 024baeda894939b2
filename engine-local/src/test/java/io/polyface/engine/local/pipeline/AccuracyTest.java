package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verification accuracy on the labelled pairs and 1:N rank-1 identification, each on the main
 * face of every photo. Asserts accuracy only, never time.
 */
@ExtendWith(SharedPipeline.class)
class AccuracyTest {

    private static final Logger LOG = Logger.getLogger(AccuracyTest.class.getName());

    private static OnnxFacePipeline pipeline;
    private static final Map<String, Optional<Embedding>> EMBEDDINGS = new HashMap<>();

    @BeforeAll
    static void open(OnnxFacePipeline shared) {
        pipeline = shared;
    }

    private static Optional<Embedding> mainFace(String file) {
        return EMBEDDINGS.computeIfAbsent(file, f -> {
            List<DetectedFace> faces = pipeline.analyze(TestFaces.read(f));
            return faces.isEmpty() ? Optional.empty() : Optional.of(faces.getFirst().embedding());
        });
    }

    @Test
    void pairsAreSeparatedByOneThreshold() {
        List<TestFaces.Pair> pairs = TestFaces.pairs();
        List<Double> scores = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        List<String> unscored = new ArrayList<>();
        for (TestFaces.Pair p : pairs) {
            Optional<Embedding> a = mainFace(p.file1());
            Optional<Embedding> b = mainFace(p.file2());
            if (a.isEmpty() || b.isEmpty()) {
                unscored.add(p.file1() + "," + p.file2());
                // a pair without a face counts as answered "different"
                scores.add(-1.0);
            } else {
                scores.add(a.get().cosine(b.get()));
            }
            same.add(p.same());
        }
        double bestAccuracy = 0;
        double bestFrom = 0;
        double bestTo = 0;
        for (int step = 0; step <= 1200; step++) {
            double t = -0.2 + step * 0.001;
            int correct = 0;
            for (int i = 0; i < scores.size(); i++) {
                if ((scores.get(i) > t) == same.get(i)) {
                    correct++;
                }
            }
            double accuracy = (double) correct / scores.size();
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestFrom = t;
                bestTo = t;
            } else if (accuracy == bestAccuracy && bestTo >= t - 0.0015) {
                bestTo = t;
            }
        }
        // the middle of the (first) range of best thresholds, not its lower edge
        double bestThreshold = (bestFrom + bestTo) / 2;
        double genuine = mean(scores, same, true);
        double impostor = mean(scores, same, false);
        String report = String.format(Locale.ROOT,
                "pairs %d, without a face %d %s; genuine mean %.3f, impostor mean %.3f; best accuracy %.4f at threshold %.3f (best from %.3f to %.3f)",
                pairs.size(), unscored.size(), unscored, genuine, impostor, bestAccuracy, bestThreshold, bestFrom, bestTo);
        LOG.info(report);
        System.err.println("[accuracy] " + report);
        assertThat(pairs).hasSize(250);
        assertThat(bestAccuracy).as(report).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void rankOneIdentification() {
        Map<String, List<String>> byIdentity = new HashMap<>();
        for (TestFaces.Entry e : TestFaces.manifest("identity")) {
            byIdentity.computeIfAbsent(e.identity().orElseThrow(), k -> new ArrayList<>()).add(e.file());
        }
        List<String> gallery = byIdentity.values().stream().flatMap(List::stream).sorted().toList();
        Map<String, String> identityOf = new HashMap<>();
        byIdentity.forEach((id, files) -> files.forEach(f -> identityOf.put(f, id)));
        int probes = 0;
        int hits = 0;
        List<String> misses = new ArrayList<>();
        for (String probe : gallery) {
            String identity = identityOf.get(probe);
            Optional<Embedding> p = mainFace(probe);
            if (byIdentity.get(identity).size() < 2) {
                continue;
            }
            probes++;
            if (p.isEmpty()) {
                misses.add(probe + " (no face)");
                continue;
            }
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String candidate : gallery) {
                Optional<Embedding> c = mainFace(candidate);
                if (candidate.equals(probe) || c.isEmpty()) {
                    continue;
                }
                double score = p.get().cosine(c.get());
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                }
            }
            if (best != null && identityOf.get(best).equals(identity)) {
                hits++;
            } else {
                misses.add(probe + " -> " + best);
            }
        }
        double rate = (double) hits / probes;
        String report = String.format(Locale.ROOT, "rank-1 %d/%d = %.4f over %d photos; misses %s",
                hits, probes, rate, gallery.size(), misses);
        LOG.info(report);
        System.err.println("[rank-1] " + report);
        assertThat(rate).as(report).isGreaterThanOrEqualTo(0.97);
    }

    private static double mean(List<Double> scores, List<Boolean> same, boolean wanted) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < scores.size(); i++) {
            if (same.get(i) == wanted && scores.get(i) > -1) {
                sum += scores.get(i);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
