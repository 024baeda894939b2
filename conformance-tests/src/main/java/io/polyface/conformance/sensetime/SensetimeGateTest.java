package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polyface.conformance.Basis;
import io.polyface.conformance.Photos;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What every API answers before it does anything (document, "API 入门": 权限认证, 超过调用限制,
 * 无调用权限, and each API's error table): every operation is sent once per case.
 */
class SensetimeGateTest extends BaseSensetimeTest {
    private SensetimeResponse send(SensetimeOperations.Op op, SensetimeClient client) {
        return op.send(client, env.faces().bytes(Photos.STALLONE));
    }

    private static void expect(SoftAssertions soft, SensetimeOperations.Op op, SensetimeResponse response, int http, String status) {
        soft.assertThat(response.httpStatus()).as(op.name() + " HTTP status").isEqualTo(http);
        soft.assertThat(response.status()).as(op.name() + " status").isEqualTo(status);
    }

    /** What a test checks of one operation's answer besides its HTTP status and status. */
    @FunctionalInterface
    private interface AnswerCheck {
        AnswerCheck NOTHING_MORE = (soft, op, response) -> { };

        void check(SoftAssertions soft, SensetimeOperations.Op op, SensetimeResponse response);
    }

    /**
     * Sends every operation, each with the client {@code clientOf} gives it, and checks each answer
     * for this HTTP status and status, and {@code more}; the caller adds its own checks and asserts all.
     */
    private SoftAssertions everyOperationAnswers(Function<SensetimeOperations.Op, SensetimeClient> clientOf, int http, String status,
            AnswerCheck more) {
        SoftAssertions soft = new SoftAssertions();
        for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
            SensetimeResponse response = send(op, clientOf.apply(op));
            expect(soft, op, response, http, status);
            more.check(soft, op, response);
        }
        return soft;
    }

    @Test
    @Proves(dialect = "sensetime", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED",
            operationsOf = SensetimeOperations.class)
    void aWrongOrMissingSecretIsUnauthorizedEverywhere() {
        SensetimeClient wrong = env.wrongSecret();
        SoftAssertions soft = everyOperationAnswers(op -> wrong, 401, "UNAUTHORIZED", AnswerCheck.NOTHING_MORE);
        SensetimeClient none = new SensetimeClient(env.baseUrl(), env.contract(), new SensetimeCredentials("", ""));
        expect(soft, SensetimeOperations.ALL.getFirst(), none.get("/info/api", Map.of()), 401, "UNAUTHORIZED");
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED",
            operationsOf = SensetimeOperations.class)
    void anExpiredAccountIsKeyExpiredEverywhereWithAReason() {
        SensetimeClient expired = env.clientOrSkip(Role.EXPIRED);
        everyOperationAnswers(op -> expired, 401, "KEY_EXPIRED",
                (soft, op, response) -> soft.assertThat(response.text("reason")).as(op.name() + " reason").isNotBlank()).assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION",
            operationsOf = SensetimeOperations.class)
    void anApiOutsideTheAccountsPermissionsIsNoPermission() {
        SensetimeClient infoApiOnly = env.clientOrSkip(Role.RESTRICTED);
        SensetimeClient detectionOnly = env.clientOrSkip(Role.DETECTION_ONLY);
        SoftAssertions soft = everyOperationAnswers(op -> op.path().equals("/info/api") ? detectionOnly : infoApiOnly, 403, "NO_PERMISSION",
                AnswerCheck.NOTHING_MORE);
        soft.assertThat(infoApiOnly.get("/info/api", Map.of()).httpStatus()).as("the permitted API").isEqualTo(200);
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED",
            operationsOf = SensetimeOperations.class)
    void pastTheRateLimitEveryApiIsRateLimitExceeded() {
        SensetimeClient limited = env.clientOrSkip(Role.LIMITED);
        // Use up the window: the first call may still pass; failed calls count too.
        limited.get("/info/api", Map.of());
        everyOperationAnswers(op -> limited, 403, "RATE_LIMIT_EXCEEDED", (soft, op, response) -> {
            soft.assertThat(response.header("X-RateLimit-Remaining")).as(op.name() + " remaining").contains("0");
            soft.assertThat(Long.parseLong(response.header("X-RateLimit-Reset").orElse("0"))).as(op.name() + " reset").isPositive();
        }).assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "OK", section = "API 入门 / 超过调用限制 (headers of every answer)")
    void everyAnswerCountsDownTheLimitFailedCallsToo() {
        SensetimeResponse first = env.client().get("/info/api", Map.of());
        SensetimeResponse failed = env.client().get("/info/person", Map.of("person_id", SensetimeOperations.NO_ID));
        SensetimeResponse third = env.client().get("/info/api", Map.of());

        long limit = Long.parseLong(first.header("X-RateLimit-Limit").orElseThrow());
        long a = Long.parseLong(first.header("X-RateLimit-Remaining").orElseThrow());
        long b = Long.parseLong(failed.header("X-RateLimit-Remaining").orElseThrow());
        long c = Long.parseLong(third.header("X-RateLimit-Remaining").orElseThrow());
        assertThat(failed.httpStatus()).as("the failed call").isEqualTo(400);
        assertThat(limit).as("X-RateLimit-Limit").isPositive();
        assertThat(first.text("rate_limit")).as("rate_limit of /info/api").startsWith(limit + "q/");
        // Within one window the remainder falls by one per call (other clients of the account may lower it more).
        assumeTrue(b <= a && c <= b && a - c < 1000, "the window was reset between the calls");
        assertThat(a - c).as("remaining after two more calls, the failed one counted").isGreaterThanOrEqualTo(2);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "unknown-path", code = "NOT_FOUND", section = "API 入门 / 常见错误 (404)")
    void anUnknownPathOrMethodIsNotFound() {
        SensetimeResponse path = env.client().get("/info/no_such_api", Map.of());
        SensetimeResponse method = env.client().get("/person/create", Map.of("name", "x"));

        assertThat(path.httpStatus()).as("HTTP status of an unknown path").isEqualTo(404);
        assertThat(method.httpStatus()).as("HTTP status of GET on a POST API").isEqualTo(404);
        assumeFalse(env.external(), "the document allows a 404 body that is not JSON");
        assertThat(path.status()).isEqualTo("NOT_FOUND");
    }

    @Test
    @Proves(dialect = "sensetime", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR",
            operationsOf = SensetimeOperations.class)
    void anUnreachableStoreIsInternalErrorEverywhere() throws Exception {
        try (SensetimeOutage outage = SensetimeOutage.start(env)) {
            SensetimeClient client = outage.client(env.contract());
            outage.stopDatabase();
            everyOperationAnswers(op -> client, 500, "INTERNAL_ERROR", (soft, op, response) -> soft.assertThat(response.exchange().responseBody())
                    .as(op.name() + " body").doesNotContain("Exception", "\tat ")).assertAll();
        }
    }
}
