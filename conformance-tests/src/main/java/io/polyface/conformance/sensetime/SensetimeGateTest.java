package io.polyface.conformance.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polyface.conformance.Basis;
import io.polyface.conformance.ConformanceExtension;
import io.polyface.conformance.Proves;
import io.polyface.conformance.sensetime.SensetimeEnvironment.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every API answers before it does anything (document, "API 入门": 权限认证, 超过调用限制,
 * 无调用权限, and each API's error table): every operation is sent once per case.
 */
@ExtendWith(ConformanceExtension.class)
class SensetimeGateTest {
    @RegisterExtension
    static final SensetimeEnvironment env = new SensetimeEnvironment();

    private SensetimeResponse send(SensetimeOperations.Op op, SensetimeClient client) {
        return op.send(client, env.faces().bytes(Photos.STALLONE));
    }

    private static void expect(SoftAssertions soft, SensetimeOperations.Op op, SensetimeResponse response, int http, String status) {
        soft.assertThat(response.httpStatus()).as(op.name() + " HTTP status").isEqualTo(http);
        soft.assertThat(response.status()).as(op.name() + " status").isEqualTo(status);
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.task", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.image", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.face", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.person", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.group", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "face.search", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "face.training", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "person.create", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "person.change", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "group.create", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "group.change", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "UNAUTHORIZED", section = "API 入门 / 权限认证; each API's 401 UNAUTHORIZED")
    void aWrongOrMissingSecretIsUnauthorizedEverywhere() {
        SensetimeClient wrong = env.wrongSecret();
        SoftAssertions soft = new SoftAssertions();
        for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
            expect(soft, op, send(op, wrong), 401, "UNAUTHORIZED");
        }
        SensetimeClient none = new SensetimeClient(env.baseUrl(), env.contract(), new SensetimeCredentials("", ""));
        expect(soft, SensetimeOperations.ALL.getFirst(), none.get("/info/api", Map.of()), 401, "UNAUTHORIZED");
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.task", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.image", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.face", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.person", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.group", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "face.search", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "face.training", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "person.create", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "person.change", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "group.create", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "group.change", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "KEY_EXPIRED", section = "API 入门 / 常见错误 (账号过期); each API's 401 KEY_EXPIRED")
    void anExpiredAccountIsKeyExpiredEverywhereWithAReason() {
        SensetimeClient expired = env.client(Role.EXPIRED).orElse(null);
        assumeTrue(expired != null, "the credentials file names no expired account");
        SoftAssertions soft = new SoftAssertions();
        for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
            SensetimeResponse response = send(op, expired);
            expect(soft, op, response, 401, "KEY_EXPIRED");
            soft.assertThat(response.text("reason")).as(op.name() + " reason").isNotBlank();
        }
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.task", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.image", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.face", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.person", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.group", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "face.search", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "face.training", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "person.create", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "person.change", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "group.create", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "group.change", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "NO_PERMISSION", section = "API 入门 / 无调用权限; each API's 403 NO_PERMISSION")
    void anApiOutsideTheAccountsPermissionsIsNoPermission() {
        SensetimeClient infoApiOnly = env.client(Role.RESTRICTED).orElse(null);
        SensetimeClient detectionOnly = env.client(Role.DETECTION_ONLY).orElse(null);
        assumeTrue(infoApiOnly != null && detectionOnly != null, "the credentials file names no restricted accounts");
        SoftAssertions soft = new SoftAssertions();
        for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
            SensetimeClient client = op.path().equals("/info/api") ? detectionOnly : infoApiOnly;
            expect(soft, op, send(op, client), 403, "NO_PERMISSION");
        }
        soft.assertThat(infoApiOnly.get("/info/api", Map.of()).httpStatus()).as("the permitted API").isEqualTo(200);
        soft.assertAll();
    }

    @Test
    @Proves(dialect = "sensetime", operation = "info.api", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.task", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.image", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.face", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.person", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.group", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "face.search", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "face.training", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "person.create", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "person.change", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "group.create", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "group.change", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "RATE_LIMIT_EXCEEDED", section = "API 入门 / 超过调用限制; each API's 403 RATE_LIMIT_EXCEEDED")
    void pastTheRateLimitEveryApiIsRateLimitExceeded() {
        SensetimeClient limited = env.client(Role.LIMITED).orElse(null);
        assumeTrue(limited != null, "the credentials file names no account with a small rate limit");
        // Use up the window: the first call may still pass; failed calls count too.
        limited.get("/info/api", Map.of());
        SoftAssertions soft = new SoftAssertions();
        for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
            SensetimeResponse response = send(op, limited);
            expect(soft, op, response, 403, "RATE_LIMIT_EXCEEDED");
            soft.assertThat(response.header("X-RateLimit-Remaining")).as(op.name() + " remaining").contains("0");
            soft.assertThat(Long.parseLong(response.header("X-RateLimit-Reset").orElse("0"))).as(op.name() + " reset").isPositive();
        }
        soft.assertAll();
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
    @Proves(dialect = "sensetime", operation = "info.api", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.task", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.image", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.face", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.list_persons", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.list_groups", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.list_facesets", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.person", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.group", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "info.faceset", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "face.detection", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "face.verification", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "face.search", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "face.identification", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "face.training", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "person.create", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "person.delete", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "person.add_face", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "person.remove_face", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "person.change", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "group.create", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "group.delete", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "group.add_person", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "group.remove_person", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "group.change", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "faceset.create", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "faceset.delete", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "faceset.add_face", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "faceset.remove_face", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    @Proves(dialect = "sensetime", operation = "faceset.change", code = "INTERNAL_ERROR", basis = Basis.EMULATOR_ONLY, section = "API 入门 / 常见错误 (5xx); each API's 500 INTERNAL_ERROR")
    void anUnreachableStoreIsInternalErrorEverywhere() throws Exception {
        assumeFalse(env.external(), "only a gateway this test starts can have its database stopped");
        try (SensetimeOutage outage = SensetimeOutage.start()) {
            SensetimeClient client = outage.client(env.contract());
            List<String> statuses = new ArrayList<>();
            outage.stopDatabase();
            SoftAssertions soft = new SoftAssertions();
            for (SensetimeOperations.Op op : SensetimeOperations.ALL) {
                SensetimeResponse response = send(op, client);
                expect(soft, op, response, 500, "INTERNAL_ERROR");
                soft.assertThat(response.exchange().responseBody()).as(op.name() + " body").doesNotContain("Exception", "\tat ");
                statuses.add(response.status());
            }
            soft.assertAll();
        }
    }
}
