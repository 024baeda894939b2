package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
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
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A FacePass server's faces and groups, shown as the FacePass dialect keeps them on an engine
 * ({@link FacepassGroups}, {@link FacepassFaces}), for {@code polyface migrate} ({@code layout:
 * dialect}). face_tokens, image_ids and group names are the server's, so that after the copy the
 * dialect answers the server's clients and devices with the ids they kept:
 *
 * <ul>
 *   <li>the pool holds every face bound to a group, under its face_token (id and tag), its image_id
 *       as user data and image id, its rect as box; each group is the collection {@code
 *       facepass.group.<name>} holding its faces the same way;
 *   <li>records: each group's registry entry with its group_id, the group_id counter, each
 *       image_id's line of the enrolment log (token and rect; the target finds the image through the
 *       face), the devices' last syncs and the thresholds.
 * </ul>
 *
 * <p>A group_id is what a device keeps after a sync, so it is taken from the devices' last syncs
 * ({@code /service/sync/status}); groups no device synced get fresh ids above any a device holds. A group's
 * version is one above the last a device saw, so each device syncs it in full once. Faces bound to
 * no group cannot be listed through the API and stay behind; the change history stays too.
 */
final class FacepassExport extends ConnectorExport<FacepassConnector> {
    /** A group as the target's registry will hold it. */
    private record GroupEntry(String name, long id, long version) {
    }

    private final FacepassClient client;

    /** @param connector maps the server's failures and answers health; the client reads the server */
    FacepassExport(FacepassConnector connector, FacepassClient client) {
        super(connector, client::close);
        this.client = requireNonNull(client, "client is null");
    }

    /** An image_id's original, as /image/query streams it. */
    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        return connector().image(tenant, imageId);
    }

    // ---- the pool and the groups as collections ---------------------------------------------

    /** The pool, then the groups in the server's order. */
    @Override
    protected List<CollectionInfo> accountCollections() {
        Map<String, List<String>> bound = bindings();
        List<CollectionInfo> infos = new ArrayList<>();
        infos.add(info(FacepassGroups.POOL, Map.of("facepass.kind", "pool"), pool(bound).size()));
        for (GroupEntry group : groups(bound.keySet()).values()) {
            infos.add(groupInfo(group, bound.get(group.name()).size()));
        }
        return infos;
    }

    @Override
    protected Optional<CollectionInfo> accountCollection(String name) {
        return accountCollections().stream().filter(c -> c.ref().name().equals(name)).findFirst();
    }

    /** A collection's face_tokens in order, each with the image_id and rect /face/query reports. */
    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        checkTenant(ref.tenant());
        Map<String, List<String>> bound = bindings();
        TreeSet<String> tokens;
        if (ref.name().equals(FacepassGroups.POOL)) {
            tokens = pool(bound);
        } else if (ref.name().startsWith(FacepassGroups.GROUP_PREFIX) && bound.containsKey(groupName(ref))) {
            tokens = new TreeSet<>(bound.get(groupName(ref)));
        } else {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        // A face's token is both its id and its tag.
        return FaceListing.readPage(tokens, token -> token, (token, faceTag) -> {
            JsonNode face = query(token);
            String imageId = face.path("image_id").asText("");
            return new StoredFace(token, ref, faceTag, Optional.empty(), Optional.of(imageId), FacepassConnectorCalls.box(face.path("rect")),
                    imageId, Instant.EPOCH);
        }, tag, marker, limit);
    }

    private static String groupName(CollectionRef ref) {
        return ref.name().substring(FacepassGroups.GROUP_PREFIX.length());
    }

    private CollectionInfo groupInfo(GroupEntry group, long faces) {
        return info(FacepassGroups.GROUP_PREFIX + group.name(),
                Map.of("facepass.kind", "group", "group_name", group.name(), "group_id", Long.toString(group.id())), faces);
    }

    private CollectionInfo info(String name, Map<String, String> attributes, long faces) {
        return new CollectionInfo(new CollectionRef(tenant(), name),
                CollectionSpec.unlimited().withFeatureVersion(featureVersion()).withAttributes(attributes),
                Instant.EPOCH, Instant.EPOCH, faces, 0L);
    }

    // ---- the dialect's records --------------------------------------------------------------

    @Override
    protected SortedMap<String, String> accountRecords(String kind) {
        SortedMap<String, String> records = new TreeMap<>();
        switch (kind) {
            case FacepassGroups.GROUP_KIND -> groups(bindings().keySet()).values().forEach(g ->
                    records.put(g.name(), new FacepassGroups.Group(g.name(), g.id(), g.version(), true).toJson()));
            case FacepassGroups.COUNTER_KIND -> {
                ObjectNode counter = Json.object();
                counter.put("next", 1 + groups(bindings().keySet()).values().stream().mapToLong(GroupEntry::id).max().orElse(0));
                records.put("group_id", counter.toString());
            }
            case FacepassFaces.IMAGE_KIND -> {
                for (String token : pool(bindings())) {
                    JsonNode face = query(token);
                    if (face.path("image_id").asText("").isEmpty()) {
                        continue;
                    }
                    ObjectNode log = Json.object();
                    log.put("face_token", token);
                    log.set("rect", face.path("rect").deepCopy());
                    records.put(face.path("image_id").asText(), log.toString());
                }
            }
            case FacepassSync.DEVICE_KIND -> {
                for (JsonNode device : syncStatus()) {
                    records.put(device.path("ip").asText(), device.toString());
                }
            }
            case FacepassThresholds.RECORD_KIND -> {
                // A config call without fields changes nothing and answers the thresholds in force.
                try {
                    JsonNode current = call(() -> client.postForm("/api/service/config/v1", Map.of()), "");
                    records.put(FacepassThresholds.RECORD_KEY, FacepassThresholds.fromJson(current.toString()).toJson());
                } catch (FaceException.Unsupported noConfig) {
                    // a server without the call keeps its thresholds to itself: the target's stay
                }
            }
            default -> {
            }
        }
        return records;
    }

    // ---- reading the server -------------------------------------------------------------------

    /** Each group's face_tokens, in the server's order of groups. */
    private Map<String, List<String>> bindings() {
        Map<String, List<String>> bound = new LinkedHashMap<>();
        for (JsonNode name : call(() -> client.get("/api/group/v1/list"), "").path("groups")) {
            ObjectNode body = Json.object();
            body.put("group_name", name.asText());
            try {
                List<String> tokens = new ArrayList<>();
                call(() -> client.postJson("/api/group/v1/query", body), name.asText()).path("faces").forEach(t -> tokens.add(t.asText()));
                bound.put(name.asText(), tokens);
            } catch (FaceException.NotFound deletedMeanwhile) {
                // gone between the list and the query
            }
        }
        return bound;
    }

    private static TreeSet<String> pool(Map<String, List<String>> bound) {
        TreeSet<String> tokens = new TreeSet<>();
        bound.values().forEach(tokens::addAll);
        return tokens;
    }

    /**
     * The groups with their ids and versions: a device's last sync names a group's id and the
     * version it saw (the latest sync of a name counts); the others get ids above every known one.
     */
    private Map<String, GroupEntry> groups(Iterable<String> names) {
        Map<String, long[]> synced = new LinkedHashMap<>();
        long highest = 0;
        List<JsonNode> devices = new ArrayList<>(syncStatus());
        devices.sort((a, b) -> Long.compare(a.path("sync_status").path("sync_time").asLong(),
                b.path("sync_status").path("sync_time").asLong()));
        for (JsonNode device : devices) {
            for (JsonNode group : device.path("groups")) {
                long id = group.path("group_id").asLong();
                highest = Math.max(highest, id);
                if (id > 0 && group.path("result_code").asInt() == 0) {
                    synced.put(group.path("group_name").asText(), new long[] {id, group.path("cloud_version").asLong()});
                }
            }
        }
        // Above every id a device may hold, even one the server did not know: a device must not find another group under it.
        long next = highest + 1;
        Map<String, GroupEntry> groups = new LinkedHashMap<>();
        for (String name : names) {
            long[] known = synced.get(name);
            groups.put(name, known != null ? new GroupEntry(name, known[0], known[1] + 1) : new GroupEntry(name, next++, 1));
        }
        return groups;
    }

    private List<JsonNode> syncStatus() {
        List<JsonNode> devices = new ArrayList<>();
        try {
            call(() -> client.get("/api/service/sync/v1/status"), "").path("devices").forEach(devices::add);
        } catch (FaceException.Unsupported noDeviceSync) {
            // a server without cloud-offline mode: no device holds a group_id
        }
        return devices;
    }

    private JsonNode query(String token) {
        ObjectNode body = Json.object();
        body.put("face_token", token);
        try {
            return call(() -> client.postJson("/api/face/v1/query", body), "");
        } catch (FaceException.NotFound deletedMeanwhile) {
            return Json.object();
        }
    }


    private <T> T call(Supplier<T> call, String group) {
        try {
            return call.get();
        } catch (FacepassFailure failure) {
            throw connector().failure(failure, group);
        }
    }
}
