package io.polyface.toolkit.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaceListingTest {
    private static final CollectionRef REF = new CollectionRef("t", "c");

    private static StoredFace face(String id, String tag) {
        return new IndexedFace(id, id, tag, Optional.empty(), Optional.empty(), "", new BoundingBox(0, 0, 0, 0), Instant.EPOCH)
                .stored(REF);
    }

    @Test
    void aPageIsCutAfterTheMarkerAndNamesTheNextOneOnlyWhenMoreFollow() {
        List<StoredFace> faces = List.of(face("a", "x"), face("b", "y"), face("c", "x"), face("d", "x"));

        Page<StoredFace> first = FaceListing.page(faces, Optional.of("x"), Optional.empty(), 2);
        assertThat(first.items()).extracting(StoredFace::faceId).containsExactly("a", "c");
        assertThat(first.nextMarker()).contains("c");

        Page<StoredFace> last = FaceListing.page(faces, Optional.of("x"), first.nextMarker(), 2);
        assertThat(last.items()).extracting(StoredFace::faceId).containsExactly("d");
        assertThat(last.nextMarker()).isEmpty();
    }

    @Test
    void theWholeListingIsReadPageByPage() {
        List<StoredFace> faces = IntStream.range(0, 2500).mapToObj(i -> face(String.format("%05d", i), "x")).toList();
        List<Optional<String>> markers = new ArrayList<>();
        FaceListing.Lister lister = (ref, tag, marker, limit) -> {
            markers.add(marker);
            return FaceListing.page(faces, tag, marker, limit);
        };

        assertThat(FaceListing.all(lister, REF, Optional.empty())).isEqualTo(faces);
        assertThat(markers).containsExactly(Optional.empty(), Optional.of("00999"), Optional.of("01999"));
    }
}
