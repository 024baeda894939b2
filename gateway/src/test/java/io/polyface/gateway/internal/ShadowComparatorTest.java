package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.engine.EngineOperation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowComparatorTest {
    private static final ShadowComparator COMPARATOR = new ShadowComparator(0.02, 0.5, 0.8);
    private static final CollectionRef REF = new CollectionRef("t", "c");

    private static DetectedFace face(double x) {
        return new DetectedFace(new BoundingBox(x, 0, 100, 100), 0.9, List.of(), new Embedding(new float[] {1}, "v"));
    }

    private static SearchHit hit(String id, String tag, double score) {
        return new SearchHit(new StoredFace(id, REF, tag, Optional.empty(), Optional.empty(), new BoundingBox(0, 0, 1, 1),
                "img", Instant.EPOCH), score);
    }

    private static List<ShadowDifference> compare(EngineOperation call, Object a, Object b) {
        return COMPARATOR.compare(call, ShadowComparator.Answer.of(a), ShadowComparator.Answer.of(b));
    }

    @Test
    void scoresWithinTheToleranceAndOverlappingBoxesAgree() {
        assertThat(compare(EngineOperation.COMPARE, new CompareResult(0.61, face(0), face(0)),
                new CompareResult(0.625, face(10), face(5)))).isEmpty();
        assertThat(compare(EngineOperation.COMPARE, new CompareResult(0.61, face(0), face(0)),
                new CompareResult(0.70, face(60), face(0))))
                .extracting(ShadowDifference::field).containsExactly("score", "first.box");
    }

    @Test
    void resultListsAreComparedByTheirPersonsNotTheirFaceIds() {
        SearchResult a = new SearchResult(Optional.of(face(0)), List.of(hit("1", "ann", 0.8), hit("2", "bob", 0.4)));
        SearchResult sameWithOtherIds = new SearchResult(Optional.of(face(2)), List.of(hit("x", "ann", 0.81), hit("y", "bob", 0.41)));
        assertThat(compare(EngineOperation.SEARCH, a, sameWithOtherIds)).isEmpty();

        SearchResult otherPeople = new SearchResult(Optional.of(face(0)), List.of(hit("x", "ann", 0.5), hit("y", "cid", 0.3)));
        assertThat(compare(EngineOperation.SEARCH, a, otherPeople)).extracting(ShadowDifference::field)
                .containsExactly("hits.tags", "hits[ann].score");
    }

    @Test
    void detectionsDifferByCountOrByBox() {
        assertThat(compare(EngineOperation.DETECT, List.of(face(0)), List.of(face(0), face(300))))
                .extracting(ShadowDifference::field).containsExactly("faces.count");
        assertThat(compare(EngineOperation.DETECT, List.of(face(0)), List.of(face(80))))
                .extracting(ShadowDifference::field).containsExactly("faces[0].box");
    }

    @Test
    void aFailureOnOneSideOnlyIsADifference() {
        assertThat(COMPARATOR.compare(EngineOperation.SEARCH, ShadowComparator.Answer.failed(new FaceException.NoFace()),
                ShadowComparator.Answer.failed(new FaceException.NoFace()))).isEmpty();
        assertThat(COMPARATOR.compare(EngineOperation.SEARCH, ShadowComparator.Answer.of(new SearchResult(Optional.empty(), List.of())),
                ShadowComparator.Answer.failed(new FaceException.NoFace())))
                .containsExactly(new ShadowDifference("outcome", "answer", "NoFace"));
    }
}
