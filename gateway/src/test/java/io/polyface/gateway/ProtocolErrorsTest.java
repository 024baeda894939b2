package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the web server refuses before routing, sent byte by byte over a socket (an HTTP client
 * would not send them): each answer keeps the server's status and carries the envelope of the
 * dialect the path names, or the native protocol's, never an empty body or the client's own bytes.
 */
class ProtocolErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();

    @TempDir
    static Path data;

    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        String yaml = """
                engines:
                  local:
                    enabled: false
                  fake:
                    type: fake
                    store: %s
                routing:
                  default-engine: fake
                dialects:
                  dmai:
                    port: 0
                admin:
                  token: %s
                """.formatted("protocol-" + UUID.randomUUID(), ADMIN_TOKEN);
        Path config = Files.writeString(data.resolve("polyface.yaml"), yaml);
        gateway = Gateway.start(new GatewayOptions(OptionalInt.of(0), Optional.of(data), Optional.of(config), Map.of()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aRequestLineTooLongOnTheMainPortIsAnsweredInTheNativeEnvelope() throws IOException {
        // The server stops reading before the path ends, so no dialect can be told from it.
        Reply reply = send(gateway.baseUri().getPort(),
                "GET /qiniu/v1/face/groups?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.json().path("error").path("message").asText()).isEqualTo("the request line is too long");
        assertThat(reply.body()).doesNotContain("aaaa");
    }

    @Test
    void aBadHostUnderADialectsPathGetsThatDialectsEnvelope() throws IOException {
        Reply reply = send(gateway.baseUri().getPort(), "GET /qiniu/v1/face/groups HTTP/1.1\r\nHost: \u00e9t\u00e9\r\n\r\n");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).as("Qiniu's envelope: " + reply.body())
                .isEqualTo("the HTTP request is malformed");
    }

    @Test
    void aControlCharacterInAHeaderIsABadRequestInTheDialectsEnvelope() throws IOException {
        Reply dmai = send(gateway.baseUri().getPort(),
                "POST /dmai/api/v1/engine/recocomp/face/search HTTP/1.1\r\nHost: localhost\r\nX-Odd: a\u0001b\r\n"
                        + "Content-Length: 2\r\n\r\n{}");
        assertThat(dmai.status()).isEqualTo(400);
        assertThat(dmai.json().has("err_code")).as("DM-AI's envelope: " + dmai.body()).isTrue();
        assertThat(dmai.json().path("status").asText()).isEqualTo("the HTTP request is malformed");

        Reply facepass = send(gateway.baseUri().getPort(),
                "GET /facepass/api/group/v1/list HTTP/1.1\r\nHost: localhost\r\nX-Odd: a\u0001b\r\n\r\n");
        assertThat(facepass.status()).isEqualTo(400);
        assertThat(facepass.json().path("message").asText()).isEqualTo("ILLEGAL_ARGUMENT: request");
    }

    @Test
    void pathsOfNoDialectGetTheNativeProtocolsEnvelope() throws IOException {
        Reply reply = send(gateway.baseUri().getPort(),
                "POST /native/v1/collections HTTP/1.1\r\nHost: localhost\r\nX-Odd: a\u0001b\r\n\r\n");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("type").asText()).isEqualTo("InvalidArgument");
        assertThat(reply.json().path("error").path("field").asText()).isEqualTo("request");
    }

    @Test
    void aDialectsOwnPortAnswersInThatDialectsEnvelopeWhateverThePath() throws IOException {
        Reply reply = send(gateway.dialectPort("dmai").orElseThrow(),
                "GET /" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.json().has("err_code")).as("DM-AI's envelope: " + reply.body()).isTrue();
    }

    @Test
    void withAnAdminTokenTheAdminPathsAnswerOnlyThoseBearingIt() throws IOException {
        // Helidon refuses nothing here: this is the gateway's own guard, over the same socket.
        for (String path : new String[] {"/admin/dialects", "/admin/routes", "/admin/shadow"}) {
            Reply refused = send(gateway.baseUri().getPort(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.json().path("error").asText()).contains("admin.token");
            Reply answered = send(gateway.baseUri().getPort(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n");
            assertThat(answered.status()).as(path).isEqualTo(200);
            assertThat(answered.json().isContainerNode()).isTrue();
        }
    }

    private record Reply(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** Writes the bytes as they are and reads the answer until the server closes or the body is complete. */
    private static Reply send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketException reset) {
                    break; // the server may reset once it has answered and closed
                }
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int headersEnd = text.indexOf("\r\n\r\n");
            assertThat(headersEnd).as("a whole HTTP answer: " + text).isPositive();
            int status = Integer.parseInt(text.substring(9, 12));
            return new Reply(status, text.substring(headersEnd + 4));
        }
    }

    private static boolean complete(String text) {
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        for (String line : text.substring(0, headersEnd).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).strip());
                return text.length() - headersEnd - 4 >= length;
            }
        }
        return false;
    }
}
