package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.polyface.toolkit.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/requests} (the journal, newest first, with {@link JournalQuery}'s filters) and
 * {@code DELETE /admin/requests} (forget it, or one dialect's part with {@code ?dialect=}), under the
 * admin paths' access rules.
 */
final class JournalEndpoint {
    static final String PATH = "/admin/requests";

    private final RequestJournal journal;

    JournalEndpoint(RequestJournal journal) {
        this.journal = requireNonNull(journal, "journal is null");
    }

    void register(HttpRouting.Builder routing, AdminAccess admin) {
        routing.get(PATH, admin.guard(this::list));
        routing.delete(PATH, admin.guard(this::clear));
    }

    private void list(ServerRequest req, ServerResponse res) {
        JournalQuery query;
        try {
            query = JournalQuery.parse(parameters(req));
        } catch (IllegalArgumentException e) {
            send(res, Status.BAD_REQUEST_400, Json.object().put("error", e.getMessage()));
            return;
        }
        RequestJournal.Found found = journal.find(query);
        ObjectNode root = Json.object();
        root.put("enabled", journal.on());
        if (!journal.on()) {
            root.put("hint", "the journal is off: set journal.size (exchanges kept per dialect) to turn it on");
        }
        root.put("size", journal.settings().size());
        root.put("matched", found.matched());
        ArrayNode requests = root.putArray("requests");
        found.entries().forEach(e -> e.writeTo(requests.addObject()));
        send(res, Status.OK_200, root);
    }

    private void clear(ServerRequest req, ServerResponse res) {
        Map<String, String> parameters = parameters(req);
        if (!parameters.keySet().stream().allMatch("dialect"::equals)) {
            send(res, Status.BAD_REQUEST_400, Json.object().put("error", "the only parameter is 'dialect'"));
            return;
        }
        int cleared = journal.clear(Optional.ofNullable(parameters.get("dialect")));
        send(res, Status.OK_200, Json.object().put("cleared", cleared));
    }

    private static Map<String, String> parameters(ServerRequest req) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            parameters.put(name, req.query().first(name).orElse(""));
        }
        return parameters;
    }

    private static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toPrettyString());
    }
}
