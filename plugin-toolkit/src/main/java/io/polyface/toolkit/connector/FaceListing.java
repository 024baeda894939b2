package io.polyface.toolkit.connector;

import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Paging of a collection's faces, for connectors whose backend lists faces in one piece (a page is
 * cut from the whole, by face id) or only in pages (the whole is read page by page).
 */
public final class FaceListing {
    /** How many faces one page of a whole listing asks for. */
    public static final int PAGE = 1000;

    /** One page of a listing: {@link io.polyface.spi.engine.FaceManagement#listFaces}. */
    @FunctionalInterface
    public interface Lister {
        Page<StoredFace> page(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit);
    }

    private FaceListing() {
    }

    /**
     * A page of faces sorted by face id: those of the tag (when given) after the marker (a face id),
     * at most {@code limit}, with the last one's id as the next marker when more follow.
     */
    public static Page<StoredFace> page(List<StoredFace> byFaceId, Optional<String> tag, Optional<String> marker, int limit) {
        List<StoredFace> all = byFaceId.stream()
                .filter(f -> tag.isEmpty() || f.tag().equals(tag.get()))
                .filter(f -> marker.isEmpty() || f.faceId().compareTo(marker.get()) > 0)
                .toList();
        List<StoredFace> page = all.subList(0, Math.min(all.size(), limit));
        Optional<String> next = all.size() > limit && !page.isEmpty() ? Optional.of(page.getLast().faceId()) : Optional.empty();
        return new Page<>(page, next);
    }

    /**
     * A page of faces read one by one from their sorted ids, for a backend where reading a face is a
     * call of its own: those of the tag (when given) after the marker, at least one and at most
     * {@code limit}, each read ({@code read(faceId, tag)}) only when it is on the page.
     */
    public static Page<StoredFace> readPage(NavigableSet<String> faceIds, UnaryOperator<String> tagOf,
            BiFunction<String, String, StoredFace> read, Optional<String> tag, Optional<String> marker, int limit) {
        List<StoredFace> page = new ArrayList<>();
        Optional<String> next = Optional.empty();
        for (String faceId : marker.isPresent() ? faceIds.tailSet(marker.get(), false) : faceIds) {
            String faceTag = tagOf.apply(faceId);
            if (tag.isPresent() && !tag.get().equals(faceTag)) {
                continue;
            }
            if (page.size() == Math.max(1, limit)) {
                next = Optional.of(page.getLast().faceId());
                break;
            }
            page.add(read.apply(faceId, faceTag));
        }
        return new Page<>(page, next);
    }

    /** Every face of a collection (of a tag, when given), page after page. */
    public static List<StoredFace> all(Lister lister, CollectionRef ref, Optional<String> tag) {
        List<StoredFace> faces = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            Page<StoredFace> page = lister.page(ref, tag, marker, PAGE);
            faces.addAll(page.items());
            marker = page.nextMarker();
        } while (marker.isPresent());
        return faces;
    }
}
