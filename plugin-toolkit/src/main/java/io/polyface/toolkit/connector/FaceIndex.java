package io.polyface.toolkit.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a connector keeps about its vendor's faces, by holder (a group, a faceset) and face id:
 * in memory and an index file ({@link IndexedFaces}) or in the gateway's database ({@link
 * IndexedFaceRecords}). Thread-safe.
 */
public interface FaceIndex {

    Optional<IndexedFace> face(String holder, String faceId);

    /** The faces of a holder, by face id. */
    List<IndexedFace> faces(String holder);

    /** The faces of a holder that name this vendor id, by face id. */
    List<IndexedFace> byBackendId(String holder, String backendId);

    /** The faces of a holder by the vendor id they name, read at once (a listing names every one). */
    Map<String, List<IndexedFace>> byBackendIds(String holder);

    void put(String holder, IndexedFace face);

    /** @return whether the holder had the face */
    boolean remove(String holder, String faceId);

    /** Forgets a holder's faces. */
    void removeHolder(String holder);
}
