package io.polyface.engine.local.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.engine.local.OnnxFacePipeline;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The score calibration of the local engine, printed as Markdown: the genuine and impostor
 * distributions of raw cosine similarity between main faces, a ROC table and a false-accept-rate
 * to threshold table. Run it with {@code ./polyface bench calibration}.
 *
 * <p>Two impostor samples: the 125 different-identity pairs of {@code pairs.csv}, and every photo
 * of an identity against every photo of every other identity known to be a different person
 * (the 1:N view, thousands of comparisons). "Known different" follows the rule of {@code
 * pairs.csv}: two named people, or two labels of one source; an anonymous label
 * ({@code compreface_*}, {@code deepface_id*}, {@code ifrest_*}) is never compared with another
 * source's people, since it might be one of them.
 *
 * <p>The faces directory is the first argument, else the {@code polyface.faces} system property;
 * the feature version the second, else the default one.
 */
public final class CalibrationBench {

    private static final Pattern ANONYMOUS = Pattern.compile("compreface_.*|deepface_id.*|ifrest_.*");
    private static final double[] ROC_THRESHOLDS =
            {0.10, 0.15, 0.20, 0.25, 0.30, 0.33, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60};
    private static final double[] FAR_TARGETS = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    private static final double GRID = 0.001;

    private CalibrationBench() {
    }

    /** One identity photo: its file, label, source repository, and main face if one was found. */
    private record Photo(String file, String identity, String source, Optional<Embedding> face) {
        Photo {
            requireNonNull(file, "file is null");
            requireNonNull(identity, "identity is null");
            requireNonNull(source, "source is null");
            requireNonNull(face, "face is null");
        }

        boolean anonymous() {
            return ANONYMOUS.matcher(identity).matches();
        }

        boolean knownDifferentFrom(Photo other) {
            return !identity.equals(other.identity)
                    && ((!anonymous() && !other.anonymous()) || source.equals(other.source));
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : System.getProperty("polyface.faces", "../shared/faces"));
        PrintStream out = System.out;
        Map<String, Photo> photos = new LinkedHashMap<>();
        String featureVersion;
        try (OnnxFacePipeline pipeline = OnnxFacePipeline.open()) {
            featureVersion = args.length > 1 ? args[1] : pipeline.featureVersion();
            for (JsonNode entry : new ObjectMapper().readTree(root.resolve("manifest.json").toFile())) {
                if (!entry.path("kind").asText().equals("identity")) {
                    continue;
                }
                String file = entry.get("file").asText();
                String source = entry.get("source").asText().split(":", 2)[0];
                photos.put(file, new Photo(file, entry.get("identity").asText(), source,
                        mainFace(pipeline, Files.readAllBytes(root.resolve(file)), featureVersion)));
            }
        }

        List<String> unscored = new ArrayList<>();
        List<Double> genuine = new ArrayList<>();
        List<Double> impostorPairs = new ArrayList<>();
        List<String> pairLines = Files.readAllLines(root.resolve("pairs.csv"));
        for (String line : pairLines.subList(1, pairLines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            Optional<Double> score = score(photos.get(f[0].strip()), photos.get(f[1].strip()));
            if (score.isEmpty()) {
                unscored.add(f[0].strip() + " / " + f[1].strip());
                continue;
            }
            (f[2].strip().equals("1") ? genuine : impostorPairs).add(score.get());
        }
        List<Double> impostorAll = new ArrayList<>();
        List<Comparison> highest = new ArrayList<>();
        List<Photo> list = List.copyOf(photos.values());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                Photo a = list.get(i);
                Photo b = list.get(j);
                if (a.knownDifferentFrom(b)) {
                    score(a, b).ifPresent(score -> {
                        impostorAll.add(score);
                        highest.add(new Comparison(a.file(), b.file(), score));
                    });
                }
            }
        }
        highest.sort(Comparator.comparingDouble(Comparison::score).reversed());

        ScoreSample g = sample("genuine (pairs.csv)", genuine);
        ScoreSample ip = sample("impostor (pairs.csv)", impostorPairs);
        ScoreSample ia = sample("impostor (1:N, all identities)", impostorAll);
        long identities = list.stream().map(Photo::identity).distinct().count();
        long faceless = list.stream().filter(p -> p.face().isEmpty()).count();

        out.printf(Locale.ROOT, "# Calibration of raw cosine similarity (feature version %s)%n%n", featureVersion);
        out.printf(Locale.ROOT, "%d identity photos of %d identities, main face of each; %d without a face. "
                + "pairs.csv: %d genuine and %d impostor pairs scored, %d not scored %s. "
                + "1:N impostors: %d comparisons of every photo with every photo of another identity known to be "
                + "a different person.%n%n",
                list.size(), identities, faceless, g.size(), ip.size(), unscored.size(), unscored, ia.size());

        out.println("## Distributions");
        out.println();
        out.println("| sample | n | min | 1% | 5% | median | mean | 95% | 99% | max |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (ScoreSample s : List.of(g, ip, ia)) {
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    s.name(), s.size(), s.min(), s.quantile(0.01), s.quantile(0.05), s.quantile(0.5), s.mean(),
                    s.quantile(0.95), s.quantile(0.99), s.max());
        }
        out.println();
        out.println("| raw cosine | genuine | impostor (pairs) | impostor (1:N) |");
        out.println("|---|---|---|---|");
        for (int bin = -3; bin < 10; bin++) {
            double from = bin == -3 ? -1.0 : bin / 10.0;
            double to = (bin + 1) / 10.0;
            String label = bin == -3 ? "< -0.2" : String.format(Locale.ROOT, "%.1f .. %.1f", from, to);
            out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", label,
                    g.countBetween(from, to), ip.countBetween(from, to), ia.countBetween(from, to));
        }
        out.println();

        out.println("## ROC (accept when raw cosine >= threshold)");
        out.println();
        out.println("| threshold | TAR | FAR (pairs.csv) | FAR (1:N) | pairs.csv accuracy |");
        out.println("|---|---|---|---|---|");
        for (double t : ROC_THRESHOLDS) {
            out.printf(Locale.ROOT, "| %.2f | %.3f (%d/%d) | %s | %s | %.3f |%n", t, g.acceptRate(t), g.accepted(t),
                    g.size(), rate(ip, t), rate(ia, t), accuracy(g, ip, t));
        }
        out.println();
        double best = bestAccuracyThreshold(g, ip);
        out.printf(Locale.ROOT, "Best pairs.csv accuracy %.4f from threshold %.3f (lowest of the best); "
                + "equal error rate on pairs.csv about %.3f, on 1:N impostors about %.3f.%n%n",
                accuracy(g, ip, best), best, equalErrorRate(g, ip), equalErrorRate(g, ia));

        out.println("## False-accept rate -> threshold");
        out.println();
        out.println("The lowest threshold (0.001 steps) whose measured FAR is at most the target, and the TAR there "
                + "(over the " + g.size() + " genuine pairs, which are every same-identity pair). "
                + "A sample of n impostor comparisons cannot show a FAR below about 1/n: such cells say so instead "
                + "of reporting a zero count as a rate.");
        out.println();
        out.println("| FAR target | threshold (pairs.csv, n=" + ip.size() + ") | TAR | threshold (1:N, n=" + ia.size()
                + ") | TAR |");
        out.println("|---|---|---|---|---|");
        for (double target : FAR_TARGETS) {
            out.printf(Locale.ROOT, "| %s | %s | %s |%n", scientific(target),
                    farCell(ip, g, target), farCell(ia, g, target));
        }
        out.println();
        out.printf(Locale.ROOT, "Highest impostor score: %.3f (pairs.csv), %.3f (1:N); above it no false accept was "
                + "observed, which with n comparisons bounds the FAR only to about 3/n at 95%% confidence "
                + "(%s and %s).%n%n", ip.max(), ia.max(), scientific(3.0 / ip.size()), scientific(3.0 / ia.size()));
        out.println("Highest 1:N impostor comparisons (the tail that sets low-FAR thresholds):");
        out.println();
        for (Comparison c : highest.subList(0, Math.min(8, highest.size()))) {
            out.printf(Locale.ROOT, "- %.3f `%s` vs `%s`%n", c.score(), c.first(), c.second());
        }
    }

    /** One impostor comparison, to name the photos behind the highest scores. */
    private record Comparison(String first, String second, double score) {
        Comparison {
            requireNonNull(first, "first is null");
            requireNonNull(second, "second is null");
        }
    }

    private static Optional<Embedding> mainFace(OnnxFacePipeline pipeline, byte[] image, String featureVersion) {
        try {
            List<DetectedFace> faces = pipeline.analyze(image, featureVersion);
            return faces.isEmpty() ? Optional.empty() : Optional.of(faces.getFirst().embedding());
        } catch (FaceException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> score(Photo a, Photo b) {
        if (a == null || b == null || a.face().isEmpty() || b.face().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(a.face().get().cosine(b.face().get()));
    }

    private static ScoreSample sample(String name, List<Double> scores) {
        return new ScoreSample(name, scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String rate(ScoreSample impostors, double threshold) {
        return String.format(Locale.ROOT, "%s (%d/%d)", scientific(impostors.acceptRate(threshold)),
                impostors.accepted(threshold), impostors.size());
    }

    private static double accuracy(ScoreSample genuine, ScoreSample impostors, double threshold) {
        int correct = genuine.accepted(threshold) + impostors.size() - impostors.accepted(threshold);
        return (double) correct / (genuine.size() + impostors.size());
    }

    private static double bestAccuracyThreshold(ScoreSample genuine, ScoreSample impostors) {
        double best = 0;
        double bestAccuracy = -1;
        for (long i = Math.round(-1 / GRID); i <= Math.round(1 / GRID); i++) {
            double accuracy = accuracy(genuine, impostors, i * GRID);
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                best = i * GRID;
            }
        }
        return best;
    }

    /** The error rate where false rejects and false accepts cross, on the threshold grid. */
    private static double equalErrorRate(ScoreSample genuine, ScoreSample impostors) {
        double eer = 1;
        double gap = Double.MAX_VALUE;
        for (long i = Math.round(-1 / GRID); i <= Math.round(1 / GRID); i++) {
            double frr = 1 - genuine.acceptRate(i * GRID);
            double far = impostors.acceptRate(i * GRID);
            if (Math.abs(frr - far) < gap) {
                gap = Math.abs(frr - far);
                eer = (frr + far) / 2;
            }
        }
        return eer;
    }

    private static String farCell(ScoreSample impostors, ScoreSample genuine, double target) {
        OptionalDouble threshold = impostors.thresholdForAcceptRate(target, GRID);
        if (threshold.isEmpty()) {
            return "not measurable (needs >= " + scientific(1 / target) + " comparisons) | -";
        }
        double t = threshold.getAsDouble();
        return String.format(Locale.ROOT, "%.3f (FAR %s) | %.3f", t, scientific(impostors.acceptRate(t)),
                genuine.acceptRate(t));
    }

    private static String scientific(double value) {
        if (value == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.1e", value).replace("e-0", "e-").replace("e+0", "e+");
    }
}
