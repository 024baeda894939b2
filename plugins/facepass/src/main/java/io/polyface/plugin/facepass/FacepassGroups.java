package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * FacePass faces and groups on the engine, and the version bookkeeping device sync needs.
 *
 * <p>Model: one collection per tenant, the <em>pool</em> ({@value #POOL}), holds every added face
 * under its face_token (face id and tag). Each group is a collection of its own ({@value
 * #GROUP_PREFIX}{@code <name>}, attributes {@code group_name}, {@code group_id}); bind copies a pool
 * face into it with {@link FaceEngine#copyFaces} (embedding taken over, no image sent again), unbind
 * deletes the copy, and recognition searches the group's collection.
 *
 * <p>Each group name has a registry record ({@value #GROUP_KIND}): its numeric group_id, kept for
 * the name's lifetime, its version, and whether it exists now. The version rises on create, delete,
 * bind and unbind, and survives deletion, so a group created again under an old name continues
 * its count (the document's {@code version ++}). Every version's change is a record of its own
 * ({@value #CHANGES_KIND}{@code <group_id>}, key = the version), from which sync computes the faces
 * added and removed since a device's version.
 *
 * <p>Changes are serialised by one lock per dialect instance. Several gateway nodes changing the
 * same group at the same instant could each take the same version number: run FacePass writes
 * through one node, or accept that such a collision makes a device sync in full.
 */
final class FacepassGroups {
    static final String POOL = "facepass.faces";
    static final String GROUP_PREFIX = "facepass.group.";
    static final String GROUP_KIND = "facepass.group";
    static final String CHANGES_KIND = "facepass.changes.";
    static final String COUNTER_KIND = "facepass.counter";
    private static final int PAGE = 1000;

    /** One group's registry entry. */
    record Group(String name, long id, long version, boolean exists) {
        String toJson() {
            ObjectNode node = Json.object();
            node.put("group_name", name);
            node.put("group_id", id);
            node.put("version", version);
            node.put("exists", exists);
            return node.toString();
        }

        static Group fromJson(String json) {
            JsonNode node = read(json);
            return new Group(node.path("group_name").asText(), node.path("group_id").asLong(),
                    node.path("version").asLong(), node.path("exists").asBoolean());
        }
    }

    /** What one version changed: a group created or deleted, or tokens bound or unbound. */
    enum Op { CREATE, DELETE, BIND, UNBIND }

    record Change(long version, Op op, List<String> faceTokens) {
    }

    private final Supplier<FaceEngine> engines;
    private final String tenant;
    private final int keptChanges;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param keptChanges how many versions of change history each group keeps; a device further
     *     behind syncs in full
     */
    FacepassGroups(Supplier<FaceEngine> engines, String tenant, int keptChanges) {
        this.engines = requireNonNull(engines, "engines is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.keptChanges = keptChanges;
    }

    CollectionRef pool() {
        return new CollectionRef(tenant, POOL);
    }

    CollectionRef groupRef(String name) {
        return new CollectionRef(tenant, GROUP_PREFIX + name);
    }

    private FaceEngine engine() {
        return engines.get();
    }

    /** The pool, created on first use with the engine's current feature version. */
    CollectionRef ensurePool() {
        CollectionRef pool = pool();
        if (engine().collection(pool).isEmpty()) {
            try {
                engine().createCollection(pool, CollectionSpec.unlimited().withAttributes(Map.of("facepass.kind", "pool")));
            } catch (FaceException.AlreadyExists createdMeanwhile) {
                // another request made it first
            }
        }
        return pool;
    }

    /**
     * A face of the pool by its token; empty when there is none, also before the first face/add
     * made the pool (a token then names nothing: not-exist, not a missing group).
     */
    Optional<StoredFace> poolFace(String token) {
        return engine().collection(pool()).isEmpty() ? Optional.empty() : engine().face(pool(), token);
    }

    /** The feature version of every FacePass embedding (the pool's). */
    String featureVersion() {
        return engine().collection(pool()).map(c -> c.featureVersion()).orElseGet(() -> engine().featureVersion());
    }

    // ---- registry -------------------------------------------------------------------------

    Optional<Group> group(String name) {
        return engine().record(tenant, GROUP_KIND, name).map(Group::fromJson);
    }

    Optional<Group> groupById(long id) {
        return engine().records(tenant, GROUP_KIND).values().stream().map(Group::fromJson)
                .filter(g -> g.id() == id).findFirst();
    }

    /** Existing groups, in order of creation. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        engine().collections(tenant).forEach(c -> {
            String name = c.spec().attributes().get("group_name");
            if (c.ref().name().startsWith(GROUP_PREFIX) && name != null) {
                names.add(name);
            }
        });
        return names;
    }

    /** An existing group, else GROUP_NAME_NOT_EXIST. */
    Group existing(String name) {
        return group(name).filter(Group::exists).filter(g -> engine().collection(groupRef(name)).isPresent())
                .orElseThrow(() -> new FacepassFailure(FacepassErrorCode.GROUP_NAME_NOT_EXIST, ""));
    }

    // ---- changes --------------------------------------------------------------------------

    void create(String name) {
        withLock(() -> {
            Optional<Group> before = group(name);
            long id = before.map(Group::id).orElseGet(this::nextGroupId);
            try {
                engine().createCollection(groupRef(name), CollectionSpec.unlimited()
                        .withFeatureVersion(featureVersionForGroups())
                        .withAttributes(Map.of("facepass.kind", "group", "group_name", name, "group_id", Long.toString(id))));
            } catch (FaceException.AlreadyExists exists) {
                throw new FacepassFailure(FacepassErrorCode.GROUP_NAME_CONFLICT, "");
            }
            record(new Group(name, id, before.map(Group::version).orElse(0L) + 1, true), Op.CREATE, List.of());
            return null;
        });
    }

    void delete(String name) {
        withLock(() -> {
            Group group = existing(name);
            try {
                engine().deleteCollection(groupRef(name));
            } catch (FaceException.NotFound gone) {
                throw new FacepassFailure(FacepassErrorCode.GROUP_NAME_NOT_EXIST, "");
            }
            record(new Group(name, group.id(), group.version() + 1, false), Op.DELETE, List.of());
            return null;
        });
    }

    /** Binds a pool face to a group; binding it again changes nothing and is not an error. */
    void bind(String name, String token) {
        withLock(() -> {
            Group group = existing(name);
            if (poolFace(token).isEmpty()) {
                throw new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, "");
            }
            CollectionRef ref = groupRef(name);
            if (engine().face(ref, token).isPresent()) {
                return null;
            }
            EnrolOutcome outcome = engine().copyFaces(ref, List.of(FaceCopy.of(pool(), token))).getFirst();
            switch (outcome) {
                case EnrolOutcome.Enrolled enrolled -> record(
                        new Group(name, group.id(), group.version() + 1, true), Op.BIND, List.of(token));
                case EnrolOutcome.Rejected rejected -> {
                    if (rejected.reason() instanceof FaceException.AlreadyExists) {
                        return null;
                    }
                    if (rejected.reason() instanceof FaceException.NotFound) {
                        throw new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, "");
                    }
                    throw rejected.reason();
                }
            }
            return null;
        });
    }

    void unbind(String name, String token) {
        withLock(() -> {
            Group group = existing(name);
            if (!engine().deleteFace(groupRef(name), token)) {
                throw new FacepassFailure(FacepassErrorCode.GROUP_BINDING_NOT_EXIST, "");
            }
            record(new Group(name, group.id(), group.version() + 1, true), Op.UNBIND, List.of(token));
            return null;
        });
    }

    /** Deletes a pool face after unbinding it from every group; false when the pool had no such face. */
    boolean deleteFace(String token) {
        return withLock(() -> {
            if (poolFace(token).isEmpty()) {
                return false;
            }
            for (String name : names()) {
                if (engine().deleteFace(groupRef(name), token)) {
                    group(name).ifPresent(g -> record(
                            new Group(name, g.id(), g.version() + 1, true), Op.UNBIND, List.of(token)));
                }
            }
            return engine().deleteFace(pool(), token);
        });
    }

    /** Every face token of a group, in the engine's stable order. */
    List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            Page<StoredFace> page = engine().listFaces(groupRef(name), Optional.empty(), marker, PAGE);
            page.items().forEach(f -> tokens.add(f.faceId()));
            marker = page.nextMarker();
        } while (marker.isPresent());
        return tokens;
    }

    /**
     * The versions after {@code from} up to {@code to}, in order; empty when the history no longer
     * reaches back that far.
     */
    Optional<List<Change>> changes(Group group, long from, long to) {
        SortedMap<String, String> all = engine().records(tenant, CHANGES_KIND + group.id());
        List<Change> changes = new ArrayList<>();
        for (long version = from + 1; version <= to; version++) {
            String json = all.get(versionKey(version));
            if (json == null) {
                return Optional.empty();
            }
            JsonNode node = read(json);
            List<String> tokens = new ArrayList<>();
            node.path("face_tokens").forEach(t -> tokens.add(t.asText()));
            changes.add(new Change(version, Op.valueOf(node.path("op").asText()), tokens));
        }
        return Optional.of(changes);
    }

    /** The tokens touched by a run of changes, first touch first. */
    static Set<String> touched(List<Change> changes) {
        Set<String> tokens = new LinkedHashSet<>();
        changes.forEach(c -> tokens.addAll(c.faceTokens()));
        return tokens;
    }

    private void record(Group group, Op op, List<String> tokens) {
        ObjectNode change = Json.object();
        change.put("op", op.name());
        ArrayNode list = change.putArray("face_tokens");
        tokens.forEach(list::add);
        String kind = CHANGES_KIND + group.id();
        engine().putRecord(tenant, kind, versionKey(group.version()), change.toString());
        engine().putRecord(tenant, GROUP_KIND, group.name(), group.toJson());
        long expired = group.version() - keptChanges;
        if (expired > 0) {
            engine().deleteRecord(tenant, kind, versionKey(expired));
        }
    }

    private long nextGroupId() {
        long next = engine().record(tenant, COUNTER_KIND, "group_id").map(j -> read(j).path("next").asLong(1)).orElse(1L);
        ObjectNode counter = Json.object();
        counter.put("next", next + 1);
        engine().putRecord(tenant, COUNTER_KIND, "group_id", counter.toString());
        return next;
    }

    private String featureVersionForGroups() {
        ensurePool();
        return featureVersion();
    }

    static String versionKey(long version) {
        return String.format("%019d", version);
    }

    private <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.PLAIN.readTree(json);
        } catch (IOException e) {
            throw new FaceException.Internal("a FacePass record is not JSON", e);
        }
    }
}
