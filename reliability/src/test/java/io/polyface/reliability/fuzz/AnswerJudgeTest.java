package io.polyface.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.reliability.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge on answers written by hand: what it must let through and what it must catch. */
class AnswerJudgeTest {
    private static final AnswerJudge JUDGE = new AnswerJudge();
    private static final Operation DMAI_INSERT = ContractDocument.load(Dialect.DMAI)
            .operation("POST", "/api/v1/engine/recocomp/face/insert");
    private static final Operation DMAI_VERSION = ContractDocument.load(Dialect.DMAI).operation("GET", "/api/v1/engine/recocomp/version");
    private static final Operation FACEPASS_ADD = ContractDocument.load(Dialect.FACEPASS).operation("POST", "/api/face/v1/add");
    private static final Operation FACEPASS_IMAGE = ContractDocument.load(Dialect.FACEPASS).operation("GET", "/api/image/v1/query");
    private static final Operation QINIU_ADD = ContractDocument.load(Dialect.QINIU).operation("POST", "/v1/face/groups/{group}/add");
    private static final Operation QINIU_CREATE = ContractDocument.load(Dialect.QINIU).operation("POST", "/v1/face/groups/{group}");
    private static final Operation SENSETIME_CREATE = ContractDocument.load(Dialect.SENSETIME).operation("POST", "/person/create");
    private static final Operation NATIVE_SEARCH = ContractDocument.load(Dialect.NATIVE).operation("POST", "/native/v1/search");

    @Test
    void documentedAnswersPass() {
        assertThat(judge(DMAI_INSERT, null, 200, "{\"err_code\":1006,\"status\":\"Collection does not exist\"}")).isEmpty();
        assertThat(judge(DMAI_INSERT, null, 200, "{\"err_code\":1001,\"status\":\"Database error\"}")).as("documented 1001").isEmpty();
        assertThat(judge(FACEPASS_ADD, null, 500, facepass(105000, "INTERNAL_ERROR"))).as("documented 105000").isEmpty();
        assertThat(judge(QINIU_ADD, null, 500, "{\"error\":\"failed to add face\"}")).as("Qiniu's observed 500").isEmpty();
        assertThat(judge(SENSETIME_CREATE, null, 500, "{\"status\":\"INTERNAL_ERROR\",\"reason\":\"the store\"}")).isEmpty();
        assertThat(judge(FACEPASS_IMAGE, null, 200, "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8})).as("a binary answer").isEmpty();
    }

    @Test
    void protocolErrorsMayCarryTheNativeEnvelope() {
        String tooLong = "{\"error\":{\"type\":\"InvalidArgument\",\"category\":\"USER\",\"message\":\"the request line is too long\"}}";
        assertThat(judge(DMAI_VERSION, Mutation.HUGE_STRING, 414, tooLong)).isEmpty();
        assertThat(kind(DMAI_VERSION, Mutation.HUGE_STRING, 200, tooLong)).contains(AnswerJudge.Kind.NOT_ENVELOPE);
    }

    @Test
    void aServerFailureTheOperationDoesNotDocumentFails() {
        assertThat(kind(QINIU_CREATE, null, 502, "{\"error\":\"bad gateway\"}")).contains(AnswerJudge.Kind.SERVER_ERROR);
        assertThat(kind(DMAI_VERSION, null, 200, "{\"err_code\":1001,\"status\":\"Database error\"}"))
                .contains(AnswerJudge.Kind.SERVER_ERROR);
        assertThat(kind(NATIVE_SEARCH, null, 500, "{\"error\":{\"type\":\"Internal\",\"category\":\"INTERNAL\",\"message\":\"x\"}}"))
                .contains(AnswerJudge.Kind.SERVER_ERROR);
        assertThat(kind(DMAI_VERSION, null, 502, "<html>Bad Gateway</html>")).contains(AnswerJudge.Kind.SERVER_ERROR);
    }

    @Test
    void answersOutsideTheEnvelopeOrTheContractFail() {
        assertThat(kind(DMAI_INSERT, null, 200, "{\"status\":\"ok\"}")).contains(AnswerJudge.Kind.NOT_ENVELOPE);
        assertThat(kind(DMAI_INSERT, null, 200, "")).contains(AnswerJudge.Kind.NOT_ENVELOPE);
        assertThat(kind(FACEPASS_ADD, null, 400, facepass(104303, "GROUP_BINDING_NOT_EXIST"))).as("a code face/add does not document")
                .contains(AnswerJudge.Kind.UNDOCUMENTED_CODE);
        assertThat(kind(SENSETIME_CREATE, null, 200, "{\"status\":\"OK\"}")).as("no person_id").contains(AnswerJudge.Kind.CONTRACT);
    }

    @Test
    void theServersInsidesFail() {
        assertThat(kind(DMAI_INSERT, null, 200, "{\"err_code\":500,\"status\":\"java.lang.NullPointerException\"}"))
                .contains(AnswerJudge.Kind.INSIDES);
        assertThat(kind(QINIU_ADD, null, 400, "{\"error\":\"at io.polyface.x.Y.z(Y.java:12)\"}")).contains(AnswerJudge.Kind.INSIDES);
    }

    @Test
    void aPathThatLeftItsOperationIsJudgedOnlyForServerFailures() {
        assertThat(judge(DMAI_VERSION, Mutation.PATH_TRAVERSAL, 404, "{\"err_code\":500,\"status\":\"Not found: GET /x\"}")).isEmpty();
        assertThat(judge(QINIU_ADD, Mutation.PATH_TRAVERSAL, 404, "text/plain; charset=utf-8",
                "404 page not found\n".getBytes(StandardCharsets.UTF_8))).as("Qiniu's unknown route").isEmpty();
        assertThat(judge(QINIU_ADD, null, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8)))
                .as("on the operation's own path").isPresent();
        assertThat(judge(QINIU_ADD, Mutation.PATH_TRAVERSAL, 502, "{\"error\":\"bad gateway\"}")).isPresent();
    }

    @Test
    void aPathThatLeftItsDialectIsTheGatewaysAndFailsOnlyOnServerFailuresOrInsides() {
        byte[] index = "{\"name\":\"Polyface\",\"dialects\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(JUDGE.judgeOutsideTheDialect(new RawHttp.Response(200, Map.of("content-type", "application/json"), index)))
                .as("the gateway's index, for /sensetime/..").isEmpty();
        assertThat(JUDGE.judgeOutsideTheDialect(new RawHttp.Response(404, Map.of("content-type", "text/plain"), new byte[0]))).isEmpty();
        assertThat(JUDGE.judgeOutsideTheDialect(new RawHttp.Response(500, Map.of("content-type", "text/plain"), new byte[0])))
                .map(AnswerJudge.Problem::kind).contains(AnswerJudge.Kind.SERVER_ERROR);
        assertThat(JUDGE.judgeOutsideTheDialect(new RawHttp.Response(200, Map.of("content-type", "text/plain"),
                "at io.polyface.x.Y.z(Y.java:12)".getBytes(StandardCharsets.UTF_8))))
                .map(AnswerJudge.Problem::kind).contains(AnswerJudge.Kind.INSIDES);
    }

    private static String facepass(int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"timecost\":1,\"timestamp\":1,\"data\":{}}";
    }

    /** What kind of problem the judge finds in a JSON answer, if any. */
    private static Optional<AnswerJudge.Kind> kind(Operation operation, Mutation mutation, int status, String json) {
        return judge(operation, mutation, status, json).map(AnswerJudge.Problem::kind);
    }

    private static Optional<AnswerJudge.Problem> judge(Operation operation, Mutation mutation, int status, String json) {
        return judge(operation, mutation, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<AnswerJudge.Problem> judge(Operation operation, Mutation mutation, int status, String type, byte[] body) {
        return JUDGE.judge(operation, mutation, new RawHttp.Response(status, Map.of("content-type", type), body));
    }
}
