package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.polyface.spi.FaceException;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The faces of a connector's index as records in the gateway's database: kind {@code
 * faces/<holder>} holds a face by face id, and one record per face names the vendor's id of it,
 * so that the faces naming that id are found without reading the whole holder. See {@link
 * IndexedFaces} for the same faces in memory.
 *
 * <p>A face is written after the record naming its vendor id and removed before it: a crash in
 * between leaves an id named once too often, never one dropped while a face names it. Nothing is
 * cached. Thread-safe: it holds no state.
 */
public final class IndexedFaceRecords implements FaceIndex {
    private final ConnectorRecords records;
    private final IndexedFaceJson faceJson;
    private final String idKind;
    private final boolean acrossHolders;

    private IndexedFaceRecords(ConnectorRecords records, IndexedFaceJson faceJson, String idKind, boolean acrossHolders) {
        this.records = requireNonNull(records, "records is null");
        this.faceJson = requireNonNull(faceJson, "faceJson is null");
        this.idKind = requireNonNull(idKind, "idKind is null");
        this.acrossHolders = acrossHolders;
    }

    /**
     * Vendor ids named per holder: kind {@code <idKind>/<holder>/<vendor id>}, keyed by face id.
     * The vendor's ids must not contain a slash, so that the holder's name before them cannot be misread.
     */
    public static IndexedFaceRecords perHolder(ConnectorRecords records, IndexedFaceJson faceJson, String idKind) {
        return new IndexedFaceRecords(records, faceJson, idKind, false);
    }

    /**
     * Vendor ids named across holders, for a vendor id that several holders may bind: kind {@code
     * <idKind>/<vendor id>}, keyed {@code <holder>/<face id>}, so that {@link #bindings} counts them.
     */
    public static IndexedFaceRecords acrossHolders(ConnectorRecords records, IndexedFaceJson faceJson, String idKind) {
        return new IndexedFaceRecords(records, faceJson, idKind, true);
    }

    @Override
    public Optional<IndexedFace> face(String holder, String faceId) {
        return records.get(facesKind(holder), faceId).map(json -> toFace(faceId, json));
    }

    @Override
    public List<IndexedFace> faces(String holder) {
        List<IndexedFace> faces = new ArrayList<>();
        records.all(facesKind(holder)).forEach((faceId, json) -> faces.add(toFace(faceId, json)));
        return faces;
    }

    @Override
    public List<IndexedFace> byBackendId(String holder, String backendId) {
        List<IndexedFace> named = new ArrayList<>();
        String prefix = acrossHolders ? holder + "/" : "";
        for (String key : records.all(idKind(holder, backendId)).keySet()) {
            if (key.startsWith(prefix)) {
                face(holder, key.substring(prefix.length())).filter(f -> f.backendId().equals(backendId)).ifPresent(named::add);
            }
        }
        named.sort(Comparator.comparing(IndexedFace::faceId));
        return named;
    }

    @Override
    public Map<String, List<IndexedFace>> byBackendIds(String holder) {
        Map<String, List<IndexedFace>> byId = new HashMap<>();
        faces(holder).forEach(f -> byId.computeIfAbsent(f.backendId(), i -> new ArrayList<>()).add(f));
        return byId;
    }

    /** How many faces name this vendor id, in every holder; only for ids named {@link #acrossHolders}. */
    public long bindings(String backendId) {
        if (!acrossHolders) {
            throw new IllegalStateException("vendor ids are named per holder");
        }
        return records.all(idKind(null, backendId)).size();
    }

    @Override
    public void put(String holder, IndexedFace face) {
        Optional<IndexedFace> before = face(holder, face.faceId());
        records.put(idKind(holder, face.backendId()), idKey(holder, face.faceId()), "{}");
        records.put(facesKind(holder), face.faceId(), json(face));
        before.filter(b -> !b.backendId().equals(face.backendId()))
                .ifPresent(b -> records.delete(idKind(holder, b.backendId()), idKey(holder, face.faceId())));
    }

    @Override
    public boolean remove(String holder, String faceId) {
        Optional<IndexedFace> before = face(holder, faceId);
        before.ifPresent(face -> delete(holder, face));
        return before.isPresent();
    }

    @Override
    public void removeHolder(String holder) {
        // The holder's records are read once: each face's vendor id is in the record already.
        records.all(facesKind(holder)).forEach((faceId, json) -> delete(holder, toFace(faceId, json)));
    }

    /** Removes a face, then the record naming its vendor id. */
    private void delete(String holder, IndexedFace face) {
        records.delete(facesKind(holder), face.faceId());
        records.delete(idKind(holder, face.backendId()), idKey(holder, face.faceId()));
    }

    private static String facesKind(String holder) {
        return "faces/" + holder;
    }

    private String idKind(String holder, String backendId) {
        return acrossHolders ? idKind + "/" + backendId : idKind + "/" + holder + "/" + backendId;
    }

    private String idKey(String holder, String faceId) {
        return acrossHolders ? holder + "/" + faceId : faceId;
    }

    private String json(IndexedFace face) {
        try {
            return Json.PLAIN.writeValueAsString(faceJson.write(face, Json.object()));
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("cannot write a connector's record of face " + face.faceId(), e);
        }
    }

    private IndexedFace toFace(String faceId, String json) {
        try {
            return faceJson.read(faceId, Json.PLAIN.readTree(json));
        } catch (JsonProcessingException e) {
            throw new FaceException.Internal("unreadable connector record of face " + faceId + ": " + e.getOriginalMessage(), e);
        }
    }
}
