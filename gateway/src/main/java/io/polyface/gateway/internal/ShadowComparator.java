package io.polyface.gateway.internal;

import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.engine.EngineOperation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether two engines' answers to one call agree as face engines agree: scores within a
 * tolerance (raw cosine), boxes overlapping by intersection over union, result lists by the
 * overlap of their top-k persons, counts and ids exactly.
 *
 * @param scoreTolerance the largest score difference that is still the same answer
 * @param minIou the smallest box overlap that is still the same face
 * @param minOverlap the smallest share of persons two result lists must have in common
 */
public record ShadowComparator(double scoreTolerance, double minIou, double minOverlap) {

    /** The calls a shadow sees: reads whose answers two engines can be expected to share. */
    static final Set<EngineOperation> SHADOWED = Set.of(EngineOperation.SEARCH, EngineOperation.COMPARE,
            EngineOperation.DETECT, EngineOperation.ANALYZE, EngineOperation.COLLECTION, EngineOperation.COLLECTIONS,
            EngineOperation.FACE, EngineOperation.FACES_BY_TAG, EngineOperation.LIST_FACES);

    /** An answer: the value returned, or the failure's type. */
    record Answer(Object value, Optional<String> failure) {
        static Answer of(Object value) {
            return new Answer(value, Optional.empty());
        }

        static Answer failed(Throwable e) {
            return new Answer(null, Optional.of(e.getClass().getSimpleName()));
        }
    }

    List<ShadowDifference> compare(EngineOperation call, Answer primary, Answer shadow) {
        List<ShadowDifference> out = new ArrayList<>();
        if (primary.failure().isPresent() || shadow.failure().isPresent()) {
            if (!primary.failure().equals(shadow.failure())) {
                out.add(new ShadowDifference("outcome", primary.failure().orElse("answer"), shadow.failure().orElse("answer")));
            }
            return out;
        }
        Object a = primary.value();
        Object b = shadow.value();
        switch (call) {
            case SEARCH -> search((SearchResult) a, (SearchResult) b, out);
            case COMPARE -> {
                CompareResult x = (CompareResult) a;
                CompareResult y = (CompareResult) b;
                score("score", x.score(), y.score(), out);
                box("first.box", x.first().box(), y.first().box(), out);
                box("second.box", x.second().box(), y.second().box(), out);
            }
            case DETECT, ANALYZE -> faces(cast(a), cast(b), out);
            case COLLECTION -> {
                Optional<CollectionInfo> x = cast(a);
                Optional<CollectionInfo> y = cast(b);
                if (x.isPresent() != y.isPresent()) {
                    out.add(new ShadowDifference("present", Boolean.toString(x.isPresent()), Boolean.toString(y.isPresent())));
                } else if (x.isPresent() && x.get().faceCount() != y.get().faceCount()) {
                    out.add(new ShadowDifference("faceCount", Long.toString(x.get().faceCount()), Long.toString(y.get().faceCount())));
                }
            }
            case COLLECTIONS -> {
                List<CollectionInfo> x = cast(a);
                List<CollectionInfo> y = cast(b);
                same("names", names(x), names(y), out);
            }
            case FACE -> {
                Optional<StoredFace> x = cast(a);
                Optional<StoredFace> y = cast(b);
                same("tag", x.map(StoredFace::tag).orElse("(none)"), y.map(StoredFace::tag).orElse("(none)"), out);
            }
            case FACES_BY_TAG -> same("faceIds", faceIds(cast(a)), faceIds(cast(b)), out);
            case LIST_FACES -> {
                Page<StoredFace> x = cast(a);
                Page<StoredFace> y = cast(b);
                same("faceIds", faceIds(x.items()), faceIds(y.items()), out);
            }
            default -> same("value", String.valueOf(a), String.valueOf(b), out);
        }
        return out;
    }

    private void search(SearchResult a, SearchResult b, List<ShadowDifference> out) {
        if (a.probeFace().isPresent() && b.probeFace().isPresent()) {
            box("probeFace.box", a.probeFace().get().box(), b.probeFace().get().box(), out);
        }
        Map<String, Double> x = bestByTag(a.hits());
        Map<String, Double> y = bestByTag(b.hits());
        int larger = Math.max(x.size(), y.size());
        if (larger > 0) {
            Set<String> common = new HashSet<>(x.keySet());
            common.retainAll(y.keySet());
            double overlap = (double) common.size() / larger;
            if (overlap < minOverlap) {
                out.add(new ShadowDifference("hits.tags", x.keySet().toString(), y.keySet().toString()));
            }
            for (String tag : new TreeSet<>(common)) {
                score("hits[" + tag + "].score", x.get(tag), y.get(tag), out);
            }
        }
    }

    /** Persons in rank order with their best score; face ids differ between engines, persons do not. */
    private static Map<String, Double> bestByTag(List<SearchHit> hits) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (SearchHit hit : hits) {
            best.merge(hit.face().tag(), hit.score(), Math::max);
        }
        return best;
    }

    private void faces(List<DetectedFace> a, List<DetectedFace> b, List<ShadowDifference> out) {
        if (a.size() != b.size()) {
            out.add(new ShadowDifference("faces.count", Integer.toString(a.size()), Integer.toString(b.size())));
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            box("faces[" + i + "].box", a.get(i).box(), b.get(i).box(), out);
        }
    }

    private void score(String field, double a, double b, List<ShadowDifference> out) {
        if (Math.abs(a - b) > scoreTolerance) {
            out.add(new ShadowDifference(field, format(a), format(b)));
        }
    }

    private void box(String field, BoundingBox a, BoundingBox b, List<ShadowDifference> out) {
        if (a.iou(b) < minIou) {
            out.add(new ShadowDifference(field, box(a), box(b)));
        }
    }

    private static void same(String field, Object a, Object b, List<ShadowDifference> out) {
        if (!a.equals(b)) {
            out.add(new ShadowDifference(field, a.toString(), b.toString()));
        }
    }

    private static Set<String> names(List<CollectionInfo> infos) {
        Set<String> names = new TreeSet<>();
        infos.forEach(i -> names.add(i.ref().name()));
        return names;
    }

    private static Set<String> faceIds(List<StoredFace> faces) {
        Set<String> ids = new TreeSet<>();
        faces.forEach(f -> ids.add(f.faceId()));
        return ids;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String box(BoundingBox b) {
        return String.format(Locale.ROOT, "[%.0f,%.0f %.0fx%.0f]", b.x(), b.y(), b.width(), b.height());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
