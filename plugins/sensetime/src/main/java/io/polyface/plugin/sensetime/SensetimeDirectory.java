package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.CollectionInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    SensetimeDirectory(SensetimeStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    // ---- persons --------------------------------------------------------------------------

    SensetimeCall.Reply createPerson(SensetimeCall call) {
        SensetimeParams params = call.params();
        String name = params.required("name");
        List<String> faceIds = params.list("face_id").orElse(List.of());
        Optional<String> userData = params.text("user_data");
        String tenant = call.tenant();
        SensetimeQuota quota = call.account().quota();
        synchronized (store.lock(tenant)) {
            List<SensetimeStore.LiveFace> faces = liveFaces(tenant, faceIds);
            if (store.list(tenant, "person").size() >= quota.persons()) {
                throw quotaExceeded("the account may have at most " + quota.persons() + " persons");
            }
            if (faces.size() > quota.facesPerPerson()) {
                throw quotaExceeded("a person may have at most " + quota.facesPerPerson() + " faces");
            }
            String personId = SensetimeStore.newId();
            store.createHolder(tenant, SensetimeStore.personRef(tenant, personId), "person", name, userData);
            for (SensetimeStore.LiveFace face : faces) {
                store.addToPerson(tenant, personId, face);
            }
            ObjectNode body = SensetimeCall.okBody();
            body.put("person_id", personId);
            if (!faces.isEmpty()) {
                body.put("face_count", faces.size());
            }
            return SensetimeCall.Reply.ok(body);
        }
    }

    SensetimeCall.Reply deletePerson(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String personId = person(call).id();
            store.deletePerson(tenant, personId);
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply addFacesToPerson(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String personId = person(call).id();
            List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
            List<SensetimeStore.LiveFace> faces = liveFaces(tenant, faceIds);
            Set<String> current = new LinkedHashSet<>(store.personFaceIds(tenant, personId));
            long fresh = faces.stream().filter(f -> !current.contains(f.faceId())).count();
            int limit = call.account().quota().facesPerPerson();
            if (current.size() + fresh > limit) {
                throw quotaExceeded("a person may have at most " + limit + " faces; it has " + current.size()
                        + " and " + fresh + " would be added");
            }
            int added = 0;
            for (SensetimeStore.LiveFace face : faces) {
                if (store.addToPerson(tenant, personId, face)) {
                    added++;
                }
            }
            ObjectNode body = SensetimeCall.okBody();
            body.put("person_id", personId);
            body.put("face_count", store.personFaceIds(tenant, personId).size());
            body.put("added_count", added);
            return SensetimeCall.Reply.ok(body);
        }
    }

    SensetimeCall.Reply removeFacesFromPerson(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String personId = person(call).id();
            List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
            int removed = 0;
            for (String faceId : faceIds) {
                if (SensetimeStore.ID.matcher(faceId).matches() && store.removeFromPerson(tenant, personId, faceId)) {
                    removed++;
                }
            }
            ObjectNode body = SensetimeCall.okBody();
            body.put("person_id", personId);
            body.put("face_count", store.personFaceIds(tenant, personId).size());
            body.put("removed_count", removed);
            return SensetimeCall.Reply.ok(body);
        }
    }

    SensetimeCall.Reply changePerson(SensetimeCall call) {
        CollectionInfo info = personInfo(call);
        change(call, (name, userData) -> store.changeHolder(call.tenant(), info, name, userData));
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply infoPerson(SensetimeCall call) {
        SensetimeStore.Named person = person(call);
        ObjectNode body = SensetimeCall.okBody();
        body.put("person_id", person.id());
        body.put("name", person.name());
        body.put("user_data", person.userData());
        ArrayNode faceIds = body.putArray("face_ids");
        store.personFaceIds(call.tenant(), person.id()).forEach(faceIds::add);
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply listPersons(SensetimeCall call) {
        ObjectNode body = SensetimeCall.okBody();
        ArrayNode persons = body.putArray("persons");
        for (SensetimeStore.Named person : store.list(call.tenant(), "person")) {
            ObjectNode item = persons.addObject();
            item.put("person_id", person.id());
            item.put("name", person.name());
        }
        return SensetimeCall.Reply.ok(body);
    }

    private CollectionInfo personInfo(SensetimeCall call) {
        String personId = call.params().required("person_id");
        return store.person(call.tenant(), personId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_PERSON, "person_id is invalid"));
    }

    private SensetimeStore.Named person(SensetimeCall call) {
        return SensetimeStore.named(personInfo(call), SensetimeStore.PERSON_PREFIX);
    }

    // ---- groups ---------------------------------------------------------------------------

    SensetimeCall.Reply createGroup(SensetimeCall call) {
        SensetimeParams params = call.params();
        String name = params.required("name");
        List<String> personIds = params.list("person_id").orElse(List.of());
        Optional<String> userData = params.text("user_data");
        String tenant = call.tenant();
        SensetimeQuota quota = call.account().quota();
        synchronized (store.lock(tenant)) {
            checkPersons(tenant, personIds);
            if (store.groups(tenant).size() >= quota.groups()) {
                throw quotaExceeded("the account may have at most " + quota.groups() + " groups");
            }
            if (personIds.size() > quota.personsPerGroup()) {
                throw quotaExceeded("a group may have at most " + quota.personsPerGroup() + " persons");
            }
            String groupId = SensetimeStore.newId();
            ObjectNode group = SensetimeJson.object();
            group.put("name", name);
            userData.ifPresent(u -> group.put("user_data", u));
            group.put("created", store.now().toEpochMilli());
            ArrayNode members = group.putArray("persons");
            personIds.forEach(members::add);
            store.putGroup(tenant, groupId, group);
            ObjectNode body = SensetimeCall.okBody();
            body.put("group_id", groupId);
            body.put("name", name);
            if (!personIds.isEmpty()) {
                body.put("person_count", personIds.size());
            }
            return SensetimeCall.Reply.ok(body);
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
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String groupId = groupId(call);
            ObjectNode group = store.group(tenant, groupId).orElseThrow();
            List<String> personIds = nonEmptyList(call.params(), "person_id", SensetimeStatus.EMPTY_PERSON_ID);
            checkPersons(tenant, personIds);
            List<String> members = SensetimeStore.members(group);
            List<String> fresh = personIds.stream().filter(p -> !members.contains(p)).toList();
            int limit = call.account().quota().personsPerGroup();
            if (members.size() + fresh.size() > limit) {
                throw quotaExceeded("a group may have at most " + limit + " persons; it has " + members.size()
                        + " and " + fresh.size() + " would be added");
            }
            ArrayNode list = (ArrayNode) group.get("persons");
            fresh.forEach(list::add);
            store.putGroup(tenant, groupId, group);
            return groupCounts(groupId, group, "added_count", fresh.size());
        }
    }

    SensetimeCall.Reply removePersonsFromGroup(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            String groupId = groupId(call);
            ObjectNode group = store.group(tenant, groupId).orElseThrow();
            List<String> personIds = nonEmptyList(call.params(), "person_id", SensetimeStatus.EMPTY_PERSON_ID);
            ArrayNode list = (ArrayNode) group.get("persons");
            int removed = 0;
            for (int i = list.size() - 1; i >= 0; i--) {
                if (personIds.contains(list.get(i).asText())) {
                    list.remove(i);
                    removed++;
                }
            }
            store.putGroup(tenant, groupId, group);
            return groupCounts(groupId, group, "removed_count", removed);
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
                throw new SensetimeFailure(SensetimeStatus.INVALID_PERSON, "person_id " + personId + " is invalid");
            }
        }
    }

    // ---- facesets -------------------------------------------------------------------------

    SensetimeCall.Reply createFaceset(SensetimeCall call) {
        SensetimeParams params = call.params();
        String name = params.required("name");
        List<String> faceIds = params.list("face_id").orElse(List.of());
        Optional<String> userData = params.text("user_data");
        String tenant = call.tenant();
        SensetimeQuota quota = call.account().quota();
        synchronized (store.lock(tenant)) {
            List<SensetimeStore.LiveFace> faces = liveFaces(tenant, faceIds);
            if (store.list(tenant, "faceset").size() >= quota.facesets()) {
                throw quotaExceeded("the account may have at most " + quota.facesets() + " facesets");
            }
            if (faces.size() > quota.facesPerFaceset()) {
                throw quotaExceeded("a faceset may have at most " + quota.facesPerFaceset() + " faces");
            }
            String facesetId = SensetimeStore.newId();
            store.createHolder(tenant, SensetimeStore.facesetRef(tenant, facesetId), "faceset", name, userData);
            for (SensetimeStore.LiveFace face : faces) {
                store.addToFaceset(tenant, facesetId, face);
            }
            ObjectNode body = SensetimeCall.okBody();
            body.put("faceset_id", facesetId);
            body.put("name", name);
            if (!faces.isEmpty()) {
                body.put("face_count", faces.size());
            }
            return SensetimeCall.Reply.ok(body);
        }
    }

    SensetimeCall.Reply deleteFaceset(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            CollectionInfo info = facesetInfo(call);
            store.engine(tenant).deleteCollection(info.ref());
        }
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply addFacesToFaceset(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            SensetimeStore.Named faceset = SensetimeStore.named(facesetInfo(call), SensetimeStore.FACESET_PREFIX);
            List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
            List<SensetimeStore.LiveFace> faces = liveFaces(tenant, faceIds);
            Set<String> current = new LinkedHashSet<>(store.facesetFaceIds(tenant, faceset.id()));
            long fresh = faces.stream().filter(f -> !current.contains(f.faceId())).count();
            int limit = call.account().quota().facesPerFaceset();
            if (current.size() + fresh > limit) {
                throw quotaExceeded("a faceset may have at most " + limit + " faces; it has " + current.size()
                        + " and " + fresh + " would be added");
            }
            int added = 0;
            for (SensetimeStore.LiveFace face : faces) {
                if (store.addToFaceset(tenant, faceset.id(), face)) {
                    added++;
                }
            }
            return facesetCounts(tenant, faceset, "added_count", added);
        }
    }

    SensetimeCall.Reply removeFacesFromFaceset(SensetimeCall call) {
        String tenant = call.tenant();
        synchronized (store.lock(tenant)) {
            SensetimeStore.Named faceset = SensetimeStore.named(facesetInfo(call), SensetimeStore.FACESET_PREFIX);
            List<String> faceIds = nonEmptyList(call.params(), "face_id", SensetimeStatus.EMPTY_FACE_ID);
            int removed = 0;
            for (String faceId : faceIds) {
                if (SensetimeStore.ID.matcher(faceId).matches() && store.removeFromFaceset(tenant, faceset.id(), faceId)) {
                    removed++;
                }
            }
            return facesetCounts(tenant, faceset, "removed_count", removed);
        }
    }

    private SensetimeCall.Reply facesetCounts(String tenant, SensetimeStore.Named faceset, String countName, int count) {
        ObjectNode body = SensetimeCall.okBody();
        body.put("faceset_id", faceset.id());
        body.put("name", faceset.name());
        body.put("face_count", store.facesetFaceIds(tenant, faceset.id()).size());
        body.put(countName, count);
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply changeFaceset(SensetimeCall call) {
        CollectionInfo info = facesetInfo(call);
        change(call, (name, userData) -> store.changeHolder(call.tenant(), info, name, userData));
        return SensetimeCall.Reply.ok(SensetimeCall.okBody());
    }

    SensetimeCall.Reply infoFaceset(SensetimeCall call) {
        SensetimeStore.Named faceset = SensetimeStore.named(facesetInfo(call), SensetimeStore.FACESET_PREFIX);
        ObjectNode body = SensetimeCall.okBody();
        body.put("faceset_id", faceset.id());
        body.put("name", faceset.name());
        body.put("user_data", faceset.userData());
        ArrayNode faceIds = body.putArray("face_ids");
        store.facesetFaceIds(call.tenant(), faceset.id()).forEach(faceIds::add);
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply listFacesets(SensetimeCall call) {
        ObjectNode body = SensetimeCall.okBody();
        ArrayNode facesets = body.putArray("facesets");
        for (SensetimeStore.Named faceset : store.list(call.tenant(), "faceset")) {
            ObjectNode item = facesets.addObject();
            item.put("faceset_id", faceset.id());
            item.put("name", faceset.name());
        }
        return SensetimeCall.Reply.ok(body);
    }

    private CollectionInfo facesetInfo(SensetimeCall call) {
        String facesetId = call.params().required("faceset_id");
        return store.faceset(call.tenant(), facesetId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_FACESET, "faceset_id is invalid"));
    }

    // ---- shared rules ---------------------------------------------------------------------

    /** Every face of an add, or INVALID_FACE naming the first that is not (nothing is added then). */
    private List<SensetimeStore.LiveFace> liveFaces(String tenant, List<String> faceIds) {
        List<SensetimeStore.LiveFace> faces = new ArrayList<>();
        for (String faceId : faceIds) {
            faces.add(store.liveFace(tenant, faceId).orElseThrow(
                    () -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_id " + faceId + " is invalid or expired")));
        }
        return faces;
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

    private static SensetimeFailure quotaExceeded(String reason) {
        return new SensetimeFailure(SensetimeStatus.QUOTA_EXCEEDED, reason);
    }
}
