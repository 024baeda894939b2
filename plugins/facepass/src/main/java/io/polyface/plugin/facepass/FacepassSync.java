package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Embedding;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /service/sync ("cloud offline mode": devices copy groups from the server) and
 * /service/sync/status (each device's last sync, by the address it came from).
 *
 * <p>The rules of the document's table: a group without group_id is sent in full by name; with a
 * group_id, an equal version sends nothing, another version sends what changed since the device's
 * version when the change history still covers it and no create or delete lies in between, and the
 * whole group otherwise (also when the device's version is higher). A group the server does not
 * have is left alone on the device (result_code 1, the local version kept). A device whose
 * search_model differs from the server's is told to drop every face and receives every group in
 * full.
 */
final class FacepassSync {
    static final String DEVICE_KIND = "facepass.device";

    private final FacepassRuntime runtime;
    private final Optional<String> addressHeader;

    /** @param addressHeader a header naming the client's address (behind a proxy), else the peer's */
    FacepassSync(FacepassRuntime runtime, Optional<String> addressHeader) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.addressHeader = requireNonNull(addressHeader, "addressHeader is null");
    }

    /** One group of the request. */
    record Wanted(String groupName, long groupId, long localVersion) {
    }

    DialectResponse sync(DialectRequest request, Instant received) {
        FacepassJson body = FacepassJson.parse(request.body());
        JsonNode infoNode = body.required("info");
        if (!infoNode.isObject()) {
            throw FacepassFailure.illegal("info");
        }
        FacepassJson info = FacepassJson.of(infoNode);
        String searchModel = FacepassLimits.check("search_model", info.string("search_model"), FacepassLimits.TEXT_CHARS);
        String clientVersion = FacepassLimits.check("version", info.string("version"), FacepassLimits.TEXT_CHARS);
        JsonNode groupsNode = body.required("groups");
        if (!groupsNode.isArray()) {
            throw FacepassFailure.illegal("groups");
        }
        List<Wanted> wanted = new ArrayList<>();
        for (JsonNode item : groupsNode) {
            if (!item.isObject()) {
                throw FacepassFailure.illegal("groups");
            }
            FacepassJson group = FacepassJson.of(item);
            String name = group.groupName("group_name");
            long local = group.requiredLong("local_version");
            long id = group.optionalLong("group_id").orElse(0L);
            if (local < 0 || id < 0) {
                throw FacepassFailure.illegal(local < 0 ? "local_version" : "group_id");
            }
            wanted.add(new Wanted(name, id, local));
        }

        String serverModel = runtime.groups().featureVersion();
        boolean replaceAll = !serverModel.equals(searchModel);
        List<FacepassSyncResult.GroupResult> results = new ArrayList<>();
        for (Wanted group : wanted) {
            results.add(syncGroup(group, replaceAll));
        }
        FacepassSyncResult result = new FacepassSyncResult(replaceAll, serverModel, results);
        remember(request, received, clientVersion, searchModel, result);
        return new DialectResponse(200, "application/octet-stream", Map.of(), result.encode());
    }

    private FacepassSyncResult.GroupResult syncGroup(Wanted wanted, boolean replaceAll) {
        FacepassGroups groups = runtime.groups();
        Optional<FacepassGroups.Group> found = wanted.groupId() > 0
                ? groups.groupById(wanted.groupId())
                : groups.group(wanted.groupName());
        Optional<FacepassGroups.Group> group = found.filter(FacepassGroups.Group::exists);
        if (group.isEmpty()) {
            return absent(wanted);
        }
        try {
            return syncExisting(wanted, group.get(), replaceAll);
        } catch (FaceException.NotFound gone) {
            if (gone.resource() != FaceException.Resource.COLLECTION) {
                throw gone;
            }
            // Deleted by another request while this sync read it: as if it had gone before.
            return absent(wanted);
        }
    }

    /** A group the server does not have: left alone on the device. */
    private static FacepassSyncResult.GroupResult absent(Wanted wanted) {
        return new FacepassSyncResult.GroupResult(wanted.groupName(), wanted.groupId(), wanted.localVersion(), 0, 1,
                wanted.localVersion(), FacepassSyncResult.Mode.ABSENT, List.of(), List.of());
    }

    private FacepassSyncResult.GroupResult syncExisting(Wanted wanted, FacepassGroups.Group cloud, boolean replaceAll) {
        FacepassGroups groups = runtime.groups();
        long local = wanted.localVersion();
        if (!replaceAll && wanted.groupId() > 0 && local == cloud.version()) {
            return done(wanted, cloud, FacepassSyncResult.Mode.UNCHANGED, List.of(), List.of());
        }
        CollectionRef ref = groups.groupRef(cloud.name());
        if (!replaceAll && wanted.groupId() > 0 && local > 0 && local < cloud.version()) {
            Optional<List<FacepassGroups.Change>> changes = groups.changes(cloud, local, cloud.version());
            boolean incremental = changes.isPresent() && changes.get().stream()
                    .allMatch(c -> c.op() == FacepassGroups.Op.BIND || c.op() == FacepassGroups.Op.UNBIND);
            if (incremental) {
                Set<String> touched = FacepassGroups.touched(changes.get());
                List<String> removed = new ArrayList<>();
                List<FacepassSyncResult.AddedFace> added = new ArrayList<>();
                for (String token : touched) {
                    Optional<Embedding> feature = runtime.engine().face(ref, token).isPresent()
                            ? runtime.engine().embedding(ref, token)
                            : Optional.empty();
                    if (feature.isPresent()) {
                        added.add(new FacepassSyncResult.AddedFace(token, feature.get().vector()));
                    } else {
                        removed.add(token);
                    }
                }
                return done(wanted, cloud, FacepassSyncResult.Mode.INCREMENTAL, removed, added);
            }
        }
        List<FacepassSyncResult.AddedFace> all = new ArrayList<>();
        for (String token : groups.tokens(cloud.name())) {
            runtime.engine().embedding(ref, token)
                    .ifPresent(e -> all.add(new FacepassSyncResult.AddedFace(token, e.vector())));
        }
        return done(wanted, cloud, FacepassSyncResult.Mode.FULL, List.of(), all);
    }

    private static FacepassSyncResult.GroupResult done(Wanted wanted, FacepassGroups.Group cloud, FacepassSyncResult.Mode mode,
            List<String> removed, List<FacepassSyncResult.AddedFace> added) {
        return new FacepassSyncResult.GroupResult(cloud.name(), cloud.id(), wanted.localVersion(), cloud.version(), 0,
                cloud.version(), mode, removed, added);
    }

    /** Keeps what this sync answered, by the device's address, for /sync/status. */
    private void remember(DialectRequest request, Instant received, String clientVersion, String searchModel,
            FacepassSyncResult result) {
        String ip = address(request);
        ObjectNode device = Json.object();
        device.put("ip", ip);
        device.put("version", clientVersion);
        ObjectNode status = device.putObject("sync_status");
        status.put("sync_time", received.toEpochMilli());
        status.putObject("info").put("search_model", searchModel);
        ArrayNode groups = device.putArray("groups");
        for (FacepassSyncResult.GroupResult group : result.groups()) {
            ObjectNode item = groups.addObject();
            item.put("group_name", group.groupName());
            item.put("group_id", group.groupId());
            item.put("local_version", group.localVersion());
            item.put("cloud_version", group.cloudVersion());
            item.put("result_code", group.resultCode());
            item.put("result_version", group.resultVersion());
            ObjectNode counts = item.putObject("result");
            counts.put("facetoken_added", group.added().size());
            counts.put("facetoken_deleted", group.removed().size());
        }
        runtime.engine().putRecord(runtime.tenant(), DEVICE_KIND, ip, device.toString());
    }

    private String address(DialectRequest request) {
        Optional<String> forwarded = addressHeader.flatMap(request::header)
                .map(v -> v.split(",")[0].trim()).filter(v -> !v.isEmpty());
        return forwarded.or(request::remoteAddress).orElse("unknown");
    }

    DialectResponse status(DialectRequest request, Instant received) {
        ObjectNode data = Json.object();
        ArrayNode devices = data.putArray("devices");
        for (String json : runtime.engine().records(runtime.tenant(), DEVICE_KIND).values()) {
            try {
                devices.add(Json.PLAIN.readTree(json));
            } catch (IOException e) {
                throw new FaceException.Internal("a FacePass device record is not JSON", e);
            }
        }
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }
}
