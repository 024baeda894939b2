package io.polyface.conformance.sensetime;

import io.polyface.conformance.OperationTable;
import java.util.List;
import java.util.Map;

/**
 * Every operation of the document, with parameters of the right form (ids of 32 hex digits that
 * name nothing), for the tests that send each operation once: authentication, permissions, rate
 * limit, a store that cannot be reached. As an {@link OperationTable}: every operation answers each
 * of those codes.
 */
final class SensetimeOperations implements OperationTable {
    /** One operation: its contract name, method and path, and parameters it accepts. */
    record Op(String name, String method, String path, Map<String, Object> params) {
        boolean upload() {
            return path.equals("/face/detection");
        }

        /** Sends it with a client: GET in the query string, POST as JSON, detection as multipart. */
        SensetimeResponse send(SensetimeClient client, byte[] image) {
            if (upload()) {
                return client.detect(image, params);
            }
            return method.equals("GET") ? client.get(path, params) : client.post(path, params);
        }
    }

    static final String NO_ID = "0123456789abcdef0123456789abcdef";

    static final List<Op> ALL = List.of(
            new Op("info.api", "GET", "/info/api", Map.of()),
            new Op("info.task", "GET", "/info/task", Map.of("task_id", NO_ID)),
            new Op("info.image", "GET", "/info/image", Map.of("image_id", NO_ID)),
            new Op("info.face", "GET", "/info/face", Map.of("face_id", NO_ID)),
            new Op("info.list_persons", "GET", "/info/list_persons", Map.of()),
            new Op("info.list_groups", "GET", "/info/list_groups", Map.of()),
            new Op("info.list_facesets", "GET", "/info/list_facesets", Map.of()),
            new Op("info.person", "GET", "/info/person", Map.of("person_id", NO_ID)),
            new Op("info.group", "GET", "/info/group", Map.of("group_id", NO_ID)),
            new Op("info.faceset", "GET", "/info/faceset", Map.of("faceset_id", NO_ID)),
            new Op("face.detection", "POST", "/face/detection", Map.of()),
            new Op("face.verification", "POST", "/face/verification", Map.of("face_id", NO_ID, "face2_id", NO_ID)),
            new Op("face.search", "POST", "/face/search", Map.of("face_id", NO_ID, "faceset_id", NO_ID)),
            new Op("face.identification", "POST", "/face/identification", Map.of("face_id", NO_ID, "group_id", NO_ID)),
            new Op("face.training", "POST", "/face/training", Map.of("person_id", List.of(NO_ID))),
            new Op("person.create", "POST", "/person/create", Map.of("name", "cf_gate")),
            new Op("person.delete", "POST", "/person/delete", Map.of("person_id", NO_ID)),
            new Op("person.add_face", "POST", "/person/add_face", Map.of("person_id", NO_ID, "face_id", List.of(NO_ID))),
            new Op("person.remove_face", "POST", "/person/remove_face", Map.of("person_id", NO_ID, "face_id", List.of(NO_ID))),
            new Op("person.change", "POST", "/person/change", Map.of("person_id", NO_ID, "name", "x")),
            new Op("group.create", "POST", "/group/create", Map.of("name", "cf_gate")),
            new Op("group.delete", "POST", "/group/delete", Map.of("group_id", NO_ID)),
            new Op("group.add_person", "POST", "/group/add_person", Map.of("group_id", NO_ID, "person_id", List.of(NO_ID))),
            new Op("group.remove_person", "POST", "/group/remove_person", Map.of("group_id", NO_ID, "person_id", List.of(NO_ID))),
            new Op("group.change", "POST", "/group/change", Map.of("group_id", NO_ID, "name", "x")),
            new Op("faceset.create", "POST", "/faceset/create", Map.of("name", "cf_gate")),
            new Op("faceset.delete", "POST", "/faceset/delete", Map.of("faceset_id", NO_ID)),
            new Op("faceset.add_face", "POST", "/faceset/add_face", Map.of("faceset_id", NO_ID, "face_id", List.of(NO_ID))),
            new Op("faceset.remove_face", "POST", "/faceset/remove_face", Map.of("faceset_id", NO_ID, "face_id", List.of(NO_ID))),
            new Op("faceset.change", "POST", "/faceset/change", Map.of("faceset_id", NO_ID, "name", "x")));

    @Override
    public List<String> operationsAnswering(String code) {
        return ALL.stream().map(Op::name).toList();
    }
}
