package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.ConnectorExport;
import io.polyface.toolkit.connector.FaceListing;
import io.polyface.toolkit.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A SenseTime account read from its server, shown as the SenseTime dialect keeps an account on an
 * engine ({@link SensetimeStore}), for {@code polyface migrate} ({@code layout: dialect}). Every id
 * is the server's, so that after the copy the dialect answers the account's clients with the ids
 * they kept:
 *
 * <ul>
 *   <li>a person is the collection {@code st_person_<person_id>} (kind, name, user_data), its faces
 *       {@code <face_id>_<person_id>} tagged with the person_id; a faceset is {@code
 *       st_faceset_<faceset_id>}, its faces {@code <face_id>_<faceset_id>} tagged with the face_id;
 *       a face's box and user data are what {@code /info/face} reports of it;
 *   <li>records: the groups ({@value SensetimeStore#GROUP_KIND}, by group_id, their persons in
 *       order) and each face's person ({@value SensetimeStore#OWNER_KIND}, by face_id).
 * </ul>
 *
 * <p>SenseTime's API gives no image back: a face's image id here is its face_id, the key under
 * which {@code migrate --images} names the photo to enrol it from. Detected faces in no person or
 * faceset cannot be listed (and expire within 5 days), so they stay behind; faces arrive untrained.
 */
final class SensetimeExport extends ConnectorExport<SensetimeConnector> {
    /** Persons and facesets: what tells them apart in the dialect's layout. */
    private enum Holder {
        PERSON("person", SensetimeStore.PERSON_PREFIX, "/info/list_persons", "/info/person"),
        FACESET("faceset", SensetimeStore.FACESET_PREFIX, "/info/list_facesets", "/info/faceset");

        final String kind;
        final String prefix;
        final String listPath;
        final String infoPath;

        Holder(String kind, String prefix, String listPath, String infoPath) {
            this.kind = kind;
            this.prefix = prefix;
            this.listPath = listPath;
            this.infoPath = infoPath;
        }

        String idField() {
            return kind + "_id";
        }

        /** The copy of a face in a holder: its engine id and tag, as {@link SensetimeStore} makes them. */
        String tagOf(String faceId, String holderId) {
            return switch (this) {
                case PERSON -> holderId;
                case FACESET -> faceId;
            };
        }
    }

    private final SensetimeClient client;

    /** @param connector maps the server's failures and answers health; the client reads the account */
    SensetimeExport(SensetimeConnector connector, SensetimeClient client) {
        super(connector, client::close);
        this.client = requireNonNull(client, "client is null");
    }

    /** None: SenseTime's API gives no image back ({@code migrate --images} names them by face_id). */
    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return Optional.empty();
    }

    // ---- persons and facesets as collections ------------------------------------------------

    /** The persons, then the facesets, each in the order the server lists them (creation order). */
    @Override
    protected List<CollectionInfo> accountCollections() {
        List<CollectionInfo> infos = new ArrayList<>();
        for (Holder holder : Holder.values()) {
            for (JsonNode item : read(holder.listPath, Map.of(), "").path(holder.kind + "s")) {
                String id = item.path(holder.idField()).asText();
                holder(holder, id).ifPresent(info -> infos.add(info(holder, id, info)));
            }
        }
        return infos;
    }

    @Override
    protected Optional<CollectionInfo> accountCollection(String name) {
        return holderOf(name).flatMap(h -> holder(h.getKey(), h.getValue()).map(info -> info(h.getKey(), h.getValue(), info)));
    }

    /** The faces of a person or faceset by engine id, each with what /info/face reports of it. */
    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        checkTenant(ref.tenant());
        Map.Entry<Holder, String> named = holderOf(ref.name())
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name()));
        Holder holder = named.getKey();
        String holderId = named.getValue();
        JsonNode info = holder(holder, holderId)
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name()));
        TreeMap<String, String> faceIds = new TreeMap<>();
        for (JsonNode faceId : info.path("face_ids")) {
            faceIds.put(SensetimeStore.copyId(faceId.asText(), holderId), faceId.asText());
        }
        return FaceListing.readPage(faceIds.navigableKeySet(), copyId -> holder.tagOf(faceIds.get(copyId), holderId),
                (copyId, faceTag) -> stored(ref, copyId, faceIds.get(copyId), faceTag), tag, marker, limit);
    }

    private CollectionInfo info(Holder holder, String id, JsonNode info) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("kind", holder.kind);
        attributes.put("name", info.path("name").asText(""));
        String userData = info.path("user_data").asText("");
        if (!userData.isEmpty()) {
            attributes.put("user_data", userData);
        }
        CollectionRef ref = new CollectionRef(tenant(), holder.prefix + id);
        return new CollectionInfo(ref, CollectionSpec.unlimited().withFeatureVersion(featureVersion()).withAttributes(attributes),
                Instant.EPOCH, Instant.EPOCH, info.path("face_ids").size(), 0L);
    }

    /** {@code /info/person} or {@code /info/faceset}; empty when the server knows no such id. */
    private Optional<JsonNode> holder(Holder holder, String id) {
        try {
            return Optional.of(read(holder.infoPath, Map.of(holder.idField(), id), holder.prefix + id));
        } catch (FaceException.NotFound | FaceException.InvalidArgument unknown) {
            return Optional.empty();
        }
    }

    private static Optional<Map.Entry<Holder, String>> holderOf(String name) {
        for (Holder holder : Holder.values()) {
            String id = name.startsWith(holder.prefix) ? name.substring(holder.prefix.length()) : "";
            if (SensetimeStore.ID.matcher(id).matches()) {
                return Optional.of(Map.entry(holder, id));
            }
        }
        return Optional.empty();
    }

    /**
     * A face as the dialect's copy of it: its user data the face's details as detection reported
     * them (as the dialect keeps them), its box their rect. A face the server no longer describes
     * (its details expired) keeps neither, and is enrolled from its photo's main face.
     */
    private StoredFace stored(CollectionRef ref, String engineId, String faceId, String tag) {
        Optional<ObjectNode> details;
        try {
            ObjectNode answer = (ObjectNode) read("/info/face", Map.of("face_id", faceId), ref.name()).deepCopy();
            answer.remove(List.of("status", "face_id", "image"));
            details = Optional.of(answer);
        } catch (FaceException.NotFound | FaceException.InvalidArgument gone) {
            details = Optional.empty();
        }
        BoundingBox box = details.map(d -> SensetimeConnector.box(d.path("rect"))).orElse(SensetimeConnector.NO_BOX);
        return new StoredFace(engineId, ref, tag, Optional.empty(), details.map(SensetimeJson::text), box, faceId, Instant.EPOCH);
    }


    // ---- groups and owners as records ---------------------------------------------------------

    /** The groups and face owners in the dialect's records; other kinds have none here. */
    @Override
    protected SortedMap<String, String> accountRecords(String kind) {
        SortedMap<String, String> records = new TreeMap<>();
        switch (kind) {
            case SensetimeStore.GROUP_KIND -> groups(records);
            case SensetimeStore.OWNER_KIND -> owners(records);
            default -> {
            }
        }
        return records;
    }

    /** Each group as {@code /group/create} records it; its place in the server's list stands for its creation time. */
    private void groups(SortedMap<String, String> records) {
        long created = 0;
        for (JsonNode item : read("/info/list_groups", Map.of(), "").path("groups")) {
            String groupId = item.path("group_id").asText();
            JsonNode info;
            try {
                info = read("/info/group", Map.of("group_id", groupId), "");
            } catch (FaceException.NotFound | FaceException.InvalidArgument gone) {
                continue;
            }
            ObjectNode group = Json.object();
            group.put("name", info.path("name").asText(""));
            String userData = info.path("user_data").asText("");
            if (!userData.isEmpty()) {
                group.put("user_data", userData);
            }
            group.put("created", created++);
            ArrayNode persons = group.putArray("persons");
            info.path("persons").forEach(p -> persons.add(p.path("person_id").asText()));
            records.put(groupId, SensetimeJson.text(group));
        }
    }

    /** Every face of a person names that person: a face belongs to one person. */
    private void owners(SortedMap<String, String> records) {
        for (JsonNode item : read(Holder.PERSON.listPath, Map.of(), "").path("persons")) {
            String personId = item.path("person_id").asText();
            ObjectNode owner = Json.object();
            owner.put("person", personId);
            holder(Holder.PERSON, personId).ifPresent(person -> person.path("face_ids")
                    .forEach(faceId -> records.put(faceId.asText(), SensetimeJson.text(owner))));
        }
    }

    // ---- the wire -----------------------------------------------------------------------------

    private JsonNode read(String path, Map<String, String> parameters, String collection) {
        try {
            return client.get(path, parameters).body();
        } catch (SensetimeClient.Failure failure) {
            throw connector().failure(failure, collection);
        }
    }
}
