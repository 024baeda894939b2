package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.json.Json;

/**
 * One authenticated call: the account, whose {@code api_id} is the tenant, and the parameters.
 */
record SensetimeCall(SensetimeAccount account, SensetimeParams params) {
    SensetimeCall {
        requireNonNull(account, "account is null");
        requireNonNull(params, "params is null");
    }

    String tenant() {
        return account.apiId();
    }

    /** An operation's answer: HTTP 200 with a result, or 202 with a task. */
    record Reply(int httpStatus, ObjectNode body) {
        Reply {
            requireNonNull(body, "body is null");
        }

        static Reply ok(ObjectNode body) {
            return new Reply(200, body);
        }
    }

    /** Handles one authenticated, permitted, counted call. */
    @FunctionalInterface
    interface Handler {
        Reply handle(SensetimeCall call);
    }

    /** A fresh {@code {"status":"OK"}}. */
    static ObjectNode okBody() {
        ObjectNode body = Json.object();
        body.put("status", "OK");
        return body;
    }
}
