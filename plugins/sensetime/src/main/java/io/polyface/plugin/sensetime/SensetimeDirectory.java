package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.text.ClientText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToIntBiFunction;
import java.util.function.ToIntFunction;

/**
 * Persons, groups and facesets: {@code /person/*}, {@code /group/*}, {@code /faceset/*} and their
 * {@code /info/*} views.
 *
 * <p>The document's rules: an add (or a create with members) that names one invalid id adds
 * nothing; a remove skips invalid ids silently; a face belongs to one person and moves silently to
 * the person it was added to last; {@code face_count}/{@code person_count} are left out of create
 * answers when 0. Changes bound by a quota run one at a time per account on each node.
 */
final class SensetimeDirectory {
    private final SensetimeStore store;
    private final HolderCalls persons;
    private final HolderCalls facesets;

    SensetimeDirectory(SensetimeStore store) {
        this.store = requireNonNull(store, "store is null");
        this.persons = new HolderCalls(new Holder("person", SensetimeStore.PERSON_PREFIX, SensetimeStatus.INVALID_PERSON, false,
                SensetimeQuota::persons, SensetimeQuota::facesPerPerson, SensetimeStore::personRef, store::person,
                store::personFaceIds, store::addToPerson, store::removeFromPerson));
        this.facesets = new HolderCalls(new Holder("faceset", SensetimeStore.FACESET_PREFIX, SensetimeStatus.INVALID_FACESET, true,
                SensetimeQuota::facesets, SensetimeQuota::facesPerFaceset, SensetimeStore::facesetRef, store::faceset,
                store::facesetFaceIds, store::addToFaceset, store::removeFromFaceset));
    }

    // ---- persons --------------------------------------------------------------------------

    /** The calls persons answer as facesets do. */
    HolderCalls persons() {
        return persons;
    }

    SensetimeCall.Reply deletePerson(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String personId = person(call).id();
            store.deletePerson(tenant, personId);
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    private SensetimeStore.Named person(SensetimeCall call) {
        return SensetimeStore.named(holderInfo(persons.holder, call), SensetimeStore.PERSON_PREFIX);
    }

    // ---- groups ---------------------------------------------------------------------------

    SensetimeCall.Reply createGroup(SensetimeCall call) {
        Creation creation = Creation.of(call.params(), "person_id");
        List<String> personIds = creation.memberIds();
        String tenant = call.tenant();
        SensetimeQuota quota = call.account().quota();
        synchronized (store.lock(tenant)) {
            checkPersons(tenant, personIds);
            checkRoomToCreate("group", store.groups(tenant).size(), quota.groups(), "person", personIds.size(), quota.personsPerGroup());
            String groupId = SensetimeStore.newId();
            ObjectNode group = Json.object();
            group.put("name", creation.name());
            creation.userData().ifPresent(u -> group.put("user_data", u));
            group.put("created", store.now().toEpochMilli());
            ArrayNode members = group.putArray("persons");
            personIds.forEach(members::add);
            store.putGroup(tenant, groupId, group);
            return created("group_id", groupId, Optional.of(creation.name()), "person_count", personIds.size());
        }
    }

    SensetimeCall.Reply deleteGroup(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String groupId = groupId(call);
            store.deleteGroup(tenant, groupId);
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply addPersonsToGroup(SensetimeCall call) {
        return changePersons(call, "added_count", (group, personIds) -> {
            checkPersons(call.tenant(), personIds);
            List<String> members = SensetimeStore.members(group);
            List<String> fresh = personIds.stream().filter(p -> !members.contains(p)).toList();
            checkRoomToAdd("group", "person", call.account().quota().personsPerGroup(), members.size(), fresh.size());
            ArrayNode list = (ArrayNode) group.get("persons");
            fresh.forEach(list::add);
            return fresh.size();
        });
    }

    SensetimeCall.Reply removePersonsFromGroup(SensetimeCall call) {
        return changePersons(call, "removed_count", (group, personIds) -> {
            ArrayNode list = (ArrayNode) group.get("persons");
            int removed = 0;
            for (int i = list.size() - 1; i >= 0; i--) {
                if (personIds.contains(list.get(i).asText())) {
                    list.remove(i);
                    removed++;
                }
            }
            return removed;
        });
    }

    /**
     * Changes the persons of the named group by the named {@code person_id}s under the account's
     * lock, stores the group and answers its counts, with how many the change touched as {@code countName}.
     */
    private SensetimeCall.Reply changePersons(SensetimeCall call, String countName, ToIntBiFunction<ObjectNode, List<String>> change) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String groupId = groupId(call);
            ObjectNode group = store.group(tenant, groupId).orElseThrow();
            List<String> personIds = nonEmptyList(call.params(), "person_id", SensetimeStatus.EMPTY_PERSON_ID);
            int count = change.applyAsInt(group, personIds);
            store.putGroup(tenant, groupId, group);
            return groupCounts(groupId, group, countName, count);
        }
    }

    private static SensetimeCall.Reply groupCounts(String groupId, ObjectNode group, String countName, int count) {
        ObjectNode body = SensetimeCall.okBody();
        body.put("group_id", groupId);
        body.put("name", group.path("name").asText());
        body.put("person_count", group.path("persons").size());
        body.put(countName, count);
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply changeGroup(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String groupId = groupId(call);
            ObjectNode group = store.group(tenant, groupId).orElseThrow();
            change(call, (name, userData) -> {
                name.ifPresent(n -> group.put("name", n));
                userData.ifPresent(u -> group.put("user_data", u));
                store.putGroup(tenant, groupId, group);
            });
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply infoGroup(SensetimeCall call) {
        String groupId = groupId(call);
        ObjectNode group = store.group(call.tenant(), groupId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_GROUP, "group_id is invalid"));
        ObjectNode body = SensetimeCall.okBody();
        body.put("group_id", groupId);
        body.put("name", group.path("name").asText());
        body.put("user_data", group.path("user_data").asText(""));
        ArrayNode persons = body.putArray("persons");
        for (String personId : SensetimeStore.members(group)) {
            store.person(call.tenant(), personId).ifPresent(info -> {
                ObjectNode item = persons.addObject();
                item.put("person_id", personId);
                item.put("name", SensetimeStore.named(info, SensetimeStore.PERSON_PREFIX).name());
            });
        }
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply listGroups(SensetimeCall call) {
        ObjectNode body = SensetimeCall.okBody();
        ArrayNode groups = body.putArray("groups");
        store.groups(call.tenant()).forEach((id, group) -> {
            ObjectNode item = groups.addObject();
            item.put("group_id", id);
            item.put("name", group.path("name").asText());
        });
        return SensetimeCall.Reply.ok(body);
    }

    private String groupId(SensetimeCall call) {
        String groupId = call.params().required("group_id");
        if (store.group(call.tenant(), groupId).isEmpty()) {
            throw new SensetimeFailure(SensetimeStatus.INVALID_GROUP, "group_id is invalid");
        }
        return groupId;
    }

    private void checkPersons(String tenant, List<String> personIds) {
        for (String personId : personIds) {
            if (store.person(tenant, personId).isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.INVALID_PERSON, "person_id " + ClientText.echo(personId) + " is invalid");
            }
        }
    }

    // ---- facesets -------------------------------------------------------------------------

    /** The calls facesets answer as persons do. */
    HolderCalls facesets() {
        return facesets;
    }

    SensetimeCall.Reply deleteFaceset(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            CollectionInfo info = holderInfo(facesets.holder, call);
            store.engine(tenant).deleteCollection(info.ref());
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    // ---- persons and facesets alike ----------------------------------------------------------

    /**
     * Persons and facesets are both named holders of faces; they differ in their store calls, their
     * quotas, and whether the answers to create, add and remove repeat the name (facesets' do).
     */
    private record Holder(String kind, String prefix, SensetimeStatus invalid, boolean nameInCounts,
            ToIntFunction<SensetimeQuota> perAccount, ToIntFunction<SensetimeQuota> facesEach,
            BiFunction<String, String, CollectionRef> ref, BiFunction<String, String, Optional<CollectionInfo>> find,
            BiFunction<String, String, List<String>> faceIds, FaceChange<SensetimeStore.LiveFace> add, FaceChange<String> remove) {
        String idField() {
            return kind + "_id";
        }
    }

    /** The calls of one kind of holder: create, add and remove faces, change, info and list. */
    final class HolderCalls {
        private final Holder holder;

        private HolderCalls(Holder holder) {
            this.holder = holder;
        }

        SensetimeCall.Reply create(SensetimeCall call) {
            Creation creation = Creation.of(call.params(), "face_id");
            String tenant = call.tenant();
            SensetimeQuota quota = call.account().quota();
            synchronized (store.lock(tenant)) {
                List<SensetimeStore.LiveFace> faces = liveFaces(tenant, creation.memberIds());
                checkRoomToCreate(holder.kind(), store.list(tenant, holder.kind()).size(), holder.perAccount().applyAsInt(quota),
                        "face", faces.size(), holder.facesEach().applyAsInt(quota));
                String id = SensetimeStore.newId();
                store.createHolder(tenant, holder.ref().apply(tenant, id), holder.kind(), creation.name(), creation.userData());
                for (SensetimeStore.LiveFace face : faces) {
                    holder.add().apply(tenant, id, face);
                }
                return created(holder.idField(), id, Optional.of(creation.name()).filter(n -> holder.nameInCounts()), "face_count",
                        faces.size());
            }
        }

        SensetimeCall.Reply addFaces(SensetimeCall call) {
            String tenant = call.tenant();
            synchronized (store.lock(tenant)) {
                SensetimeStore.Named named = SensetimeStore.named(holderInfo(holder, call), holder.prefix());
                List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
                List<SensetimeStore.LiveFace> faces = liveFaces(tenant, faceIds);
                Set<String> current = new LinkedHashSet<>(holder.faceIds().apply(tenant, named.id()));
                long fresh = faces.stream().filter(f -> !current.contains(f.faceId())).count();
                checkRoomToAdd(holder.kind(), "face", holder.facesEach().applyAsInt(call.account().quota()), current.size(), fresh);
                int added = 0;
                for (SensetimeStore.LiveFace face : faces) {
                    if (holder.add().apply(tenant, named.id(), face)) {
                        added++;
                    }
                }
                return counts(tenant, named, "added_count", added);
            }
        }

        SensetimeCall.Reply removeFaces(SensetimeCall call) {
            String tenant = call.tenant();
            synchronized (store.lock(tenant)) {
                SensetimeStore.Named named = SensetimeStore.named(holderInfo(holder, call), holder.prefix());
                List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
                int removed = 0;
                for (String faceId : faceIds) {
                    if (SensetimeStore.ID.matcher(faceId).matches() && holder.remove().apply(tenant, named.id(), faceId)) {
                        removed++;
                    }
                }
                return counts(tenant, named, "removed_count", removed);
            }
        }

        private SensetimeCall.Reply counts(String tenant, SensetimeStore.Named named, String countName, int count) {
            ObjectNode body = SensetimeCall.okBody();
            body.put(holder.idField(), named.id());
            if (holder.nameInCounts()) {
                body.put("name", named.name());
            }
            body.put("face_count", holder.faceIds().apply(tenant, named.id()).size());
            body.put(countName, count);
            return SensetimeCall.Reply.ok(body);
        }

        SensetimeCall.Reply info(SensetimeCall call) {
            SensetimeStore.Named named = SensetimeStore.named(holderInfo(holder, call), holder.prefix());
            ObjectNode body = SensetimeCall.okBody();
            body.put(holder.idField(), named.id());
            body.put("name", named.name());
            body.put("user_data", named.userData());
            ArrayNode faceIds = body.putArray("face_ids");
            holder.faceIds().apply(call.tenant(), named.id()).forEach(faceIds::add);
            return SensetimeCall.Reply.ok(body);
        }

        SensetimeCall.Reply list(SensetimeCall call) {
            ObjectNode body = SensetimeCall.okBody();
            ArrayNode items = body.putArray(holder.kind() + "s");
            for (SensetimeStore.Named named : store.list(call.tenant(), holder.kind())) {
                ObjectNode item = items.addObject();
                item.put(holder.idField(), named.id());
                item.put("name", named.name());
            }
            return SensetimeCall.Reply.ok(body);
        }

        SensetimeCall.Reply change(SensetimeCall call) {
            CollectionInfo info = holderInfo(holder, call);
            SensetimeDirectory.change(call, (name, userData) -> store.changeHolder(call.tenant(), info, name, userData));
            return SensetimeCall.Reply.ok(SensetimeCall.okBody());
        }
    }

    /** Adds a face to, or removes one from, a holder: true when that changed it. */
    @FunctionalInterface
    private interface FaceChange<F> {
        boolean apply(String tenant, String holderId, F face);
    }

    private CollectionInfo holderInfo(Holder holder, SensetimeCall call) {
        String id = call.params().required(holder.idField());
        return holder.find().apply(call.tenant(), id)
                .orElseThrow(() -> new SensetimeFailure(holder.invalid(), holder.idField() + " is invalid"));
    }

    // ---- shared rules ---------------------------------------------------------------------

    /** Every face of an add, or INVALID_FACE naming the first that is not (nothing is added then). */
    private List<SensetimeStore.LiveFace> liveFaces(String tenant, List<String> faceIds) {
        List<SensetimeStore.LiveFace> faces = new ArrayList<>();
        for (String faceId : faceIds) {
            faces.add(store.liveFace(tenant, faceId).orElseThrow(
                    () -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_id " + ClientText.echo(faceId) + " is invalid or expired")));
        }
        return faces;
    }

    /** What a create of a group, person or faceset gives: its name, its first members' ids and user_data. */
    private record Creation(String name, List<String> memberIds, Optional<String> userData) {
        /** @param memberField the field of the members' ids ({@code person_id}, {@code face_id}); it may be absent */
        static Creation of(SensetimeParams params, String memberField) {
            String name = params.required("name");
            List<String> memberIds = params.list(memberField).orElse(List.of());
            return new Creation(name, memberIds, params.text("user_data"));
        }
    }

    /**
     * The answer to a create: the new id, the name when that kind's answers repeat it, and how many
     * members (persons, faces) it was created with, when any.
     */
    private static SensetimeCall.Reply created(String idField, String id, Optional<String> name, String countField, int members) {
        ObjectNode body = SensetimeCall.okBody();
        body.put(idField, id);
        name.ifPresent(n -> body.put("name", n));
        if (members > 0) {
            body.put(countField, members);
        }
        return SensetimeCall.Reply.ok(body);
    }

    /** A required array: missing is INVALID_ARGUMENT, given but empty is the API's EMPTY_* status. */
    private static List<String> nonEmptyList(SensetimeParams params, String name, SensetimeStatus whenEmpty) {
        List<String> items = params.list(name).orElseThrow(() -> SensetimeFailure.invalidArgument("missing argument '" + name + "'"));
        if (items.isEmpty()) {
            throw new SensetimeFailure(whenEmpty, "argument '" + name + "' is empty");
        }
        return items;
    }

    @FunctionalInterface
    private interface Change {
        void apply(Optional<String> name, Optional<String> userData);
    }

    /** {@code name} and {@code user_data}, at least one of them (a name not empty). */
    private static void change(SensetimeCall call, Change change) {
        Optional<String> name = call.params().text("name");
        Optional<String> userData = call.params().text("user_data");
        if (name.isEmpty() && userData.isEmpty()) {
            throw SensetimeFailure.invalidArgument("specify 'name' or 'user_data' argument, or both");
        }
        if (name.isPresent() && name.get().isBlank()) {
            throw SensetimeFailure.invalidArgument("argument 'name': must not be empty");
        }
        change.apply(name, userData);
    }

    /**
     * Refuses a new group, person or faceset (the {@code kind}) when the account holds its most of
     * that kind already, or when it would start with more members than one may hold.
     */
    private static void checkRoomToCreate(String kind, int existing, int most, String memberKind, int members, int mostMembers) {
        if (existing >= most) {
            throw quotaExceeded("the account may have at most " + most + " " + kind + "s");
        }
        if (members > mostMembers) {
            throw quotaExceeded("a " + kind + " may have at most " + mostMembers + " " + memberKind + "s");
        }
    }

    /** Refuses an add that would take a group, person or faceset past the members it may hold. */
    private static void checkRoomToAdd(String kind, String memberKind, int limit, long current, long fresh) {
        if (current + fresh > limit) {
            throw quotaExceeded("a " + kind + " may have at most " + limit + " " + memberKind + "s; it has " + current
                    + " and " + fresh + " would be added");
        }
    }

    private static SensetimeFailure quotaExceeded(String reason) {
        return new SensetimeFailure(SensetimeStatus.QUOTA_EXCEEDED, reason);
    }
}
