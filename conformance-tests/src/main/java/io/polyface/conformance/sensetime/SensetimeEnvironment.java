package io.polyface.conformance.sensetime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.conformance.ConformanceRunner;
import io.polyface.conformance.Contract;
import io.polyface.conformance.DialectEnvironment;
import io.polyface.conformance.Faces;
import io.polyface.conformance.SuiteUnusable;
import io.polyface.gateway.InProcessGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The endpoint a SenseTime test class talks to, its accounts, and the clean-up of what it creates.
 *
 * <p>The endpoint is {@code polyface.conformance.base-url}; without it one in-process gateway is
 * started for the run with one account per {@link Role}. Against an external endpoint the accounts
 * come from the credentials file ({@code polyface.conformance.credentials}, Java properties):
 * {@code api_id} and {@code api_secret} for the main account, and {@code <role>.api_id} / {@code
 * <role>.api_secret} for the others (roles in {@link Role}); tests that need a role the file does
 * not name are skipped. Persons, groups and facesets created through {@link #track} are deleted
 * after the test (or the class, when created in {@code @BeforeAll}), whether it passed or not.
 */
public final class SensetimeEnvironment extends DialectEnvironment<SensetimeEnvironment.Created> {
    /** The accounts the suite uses, each for the behaviour it proves. */
    public enum Role {
        /** Everything ordinary; generous limits. */
        MAIN(""),
        /** Past its expiration date: KEY_EXPIRED. */
        EXPIRED("expired."),
        /** A rate limit the suite uses up at once (one call an hour): RATE_LIMIT_EXCEEDED. */
        LIMITED("limited."),
        /** Allowed /info/api only: NO_PERMISSION elsewhere. */
        RESTRICTED("restricted."),
        /** Allowed /face/detection only: NO_PERMISSION on /info/api. */
        DETECTION_ONLY("detection-only."),
        /** Small quotas, read from /info/api: QUOTA_EXCEEDED. */
        SMALL("small.");

        private final String prefix;

        Role(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Something created, to delete afterwards. */
    record Created(Role role, String kind, String id) {
    }

    private final Map<Role, SensetimeClient> clients = new EnumMap<>(Role.class);
    private Faces faces;
    private String baseUrl;
    private Contract contract;

    @Override
    protected void connect(ExtensionContext context, Optional<String> url) {
        Map<Role, SensetimeCredentials> credentials;
        if (url.isPresent()) {
            baseUrl = url.get();
            credentials = fromFile(context.getConfigurationParameter(ConformanceRunner.CREDENTIALS)
                    .orElseThrow(() -> new SuiteUnusable("the SenseTime suite needs --credentials FILE against an external endpoint:"
                            + " the api_id and api_secret of an account on it (docs/sensetime.md, SenseTime conformance)")));
        } else {
            Accounts accounts = shared(context, Accounts.class, Accounts::start);
            baseUrl = accounts.gateway().url("sensetime");
            credentials = accounts.credentials();
        }
        contract = contract(context, "sensetime");
        credentials.forEach((role, pair) -> clients.put(role, new SensetimeClient(baseUrl, contract, pair, role != Role.LIMITED)));
        if (!clients.containsKey(Role.MAIN)) {
            throw new SuiteUnusable("the credentials file names no api_id and api_secret");
        }
        faces = shared(context, Faces.class, Faces::fromSystemProperty);
    }

    private static Map<Role, SensetimeCredentials> fromFile(String file) {
        Properties properties = credentialsFile(file);
        Map<Role, SensetimeCredentials> credentials = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            String id = properties.getProperty(role.prefix + "api_id");
            String secret = properties.getProperty(role.prefix + "api_secret");
            if (id != null && secret != null) {
                credentials.put(role, new SensetimeCredentials(id.strip(), secret.strip()));
            }
        }
        return credentials;
    }

    public Faces faces() {
        return faces;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Contract contract() {
        return contract;
    }

    /** The main account's client. */
    public SensetimeClient client() {
        return clients.get(Role.MAIN);
    }

    /** A role's client, if the run has that account. */
    public Optional<SensetimeClient> client(Role role) {
        return Optional.ofNullable(clients.get(role));
    }

    /** A role's client; the test is skipped when the run has no account for that role. */
    public SensetimeClient clientOrSkip(Role role) {
        Optional<SensetimeClient> client = client(role);
        assumeTrue(client.isPresent(), () -> "the credentials file names no " + role.prefix + "api_id and " + role.prefix + "api_secret");
        return client.get();
    }

    /** A client with the main api_id and a wrong secret. */
    public SensetimeClient wrongSecret() {
        return new SensetimeClient(baseUrl, contract, new SensetimeCredentials(client().credentials().apiId(), "wrong-" + UUID.randomUUID()));
    }

    /** Deletes a person, group or faceset of an account when the current test (or class) ends. */
    public String track(Role role, String kind, String id) {
        return deleteLater(new Created(role, kind, id)).id();
    }

    /** A name unique to the run, for the objects a test creates. */
    public static String name(String purpose) {
        return "cf_" + purpose + "_" + HexFormat.of().toHexDigits((int) System.nanoTime());
    }

    @Override
    protected void delete(Created c) {
        clients.get(c.role()).post("/" + c.kind() + "/delete", Map.of(c.kind() + "_id", c.id()));
    }

    @Override
    protected String describeDeletion(Created c) {
        return "delete " + c.kind() + " " + c.id();
    }

    // ---- conveniences over the main account ----------------------------------------------

    /** Detects a photo and returns the first (main) face's id. */
    public String faceOf(String photo) {
        SensetimeResponse detected = client().detect(faces.bytes(photo), Map.of());
        JsonNode list = detected.json().path("faces");
        if (detected.httpStatus() != 200 || list.isEmpty()) {
            throw new AssertionError("detecting a face in " + photo + " failed (/face/detection): " + detected.json());
        }
        return list.get(0).path("face_id").asText();
    }

    /** Creates a person of the main account, deleted after the test. */
    public String person(String name, List<String> faceIds) {
        SensetimeResponse created = client().post("/person/create", Map.of("name", name, "face_id", faceIds));
        if (created.httpStatus() != 200) {
            throw new AssertionError("creating a person failed (/person/create): " + created.json());
        }
        return track(Role.MAIN, "person", created.text("person_id"));
    }

    /** The result of a call that may have become a task: polls /info/task until it ends. */
    public JsonNode result(SensetimeClient client, SensetimeResponse response) {
        if (response.httpStatus() == 200) {
            return response.json();
        }
        if (response.httpStatus() != 202) {
            throw new AssertionError("expected 200 or 202, got HTTP " + response.httpStatus() + ": " + response.json());
        }
        String taskId = response.text("task_id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            SensetimeResponse task = client.get("/info/task", Map.of("task_id", taskId));
            String status = task.text("task_status");
            if (status.equals("done")) {
                return task.json().path("result");
            }
            if (status.equals("failed")) {
                throw new AssertionError("task " + taskId + " failed: " + task.json());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("task " + taskId + " did not end within 120 s");
    }

    public JsonNode result(SensetimeResponse response) {
        return result(client(), response);
    }

    /** The in-process gateway of a run without a base URL, with one account per role; closed when the run ends. */
    record Accounts(InProcessGateway gateway, Map<Role, SensetimeCredentials> credentials) implements AutoCloseable {
        static Accounts start() {
            // A configuration file as an operator writes one: the accounts are a YAML list.
            Map<Role, SensetimeCredentials> credentials = new EnumMap<>(Role.class);
            StringBuilder yaml = new StringBuilder("""
                    fetch:
                      allow-hosts: [127.0.0.1]
                    dialects:
                      sensetime:
                        anonymous-rate-limit: 100000q/10s
                        accounts:
                    """);
            for (Role role : Role.values()) {
                SensetimeCredentials pair = new SensetimeCredentials("cf-" + role.name().toLowerCase(Locale.ROOT),
                        UUID.randomUUID().toString());
                credentials.put(role, pair);
                yaml.append("      - api-id: ").append(pair.apiId()).append('\n')
                        .append("        api-secret: ").append(pair.apiSecret()).append('\n')
                        .append("        rate-limit: ").append(role == Role.LIMITED ? "1q/3600s" : "100000q/10s").append('\n');
                yaml.append(switch (role) {
                    case MAIN -> "        quota: {persons: 1000, groups: 1000, facesets: 1000}\n";
                    case EXPIRED -> "        expiration-date: \"2020-01-01T00:00:00+08:00\"\n";
                    case LIMITED -> "";
                    case RESTRICTED -> "        permissions: [/info/api]\n";
                    case DETECTION_ONLY -> "        permissions: [/face/detection]\n";
                    case SMALL -> "        quota: {persons: 2, groups: 1, facesets: 1, persons-per-group: 1, faces-per-person: 1, faces-per-faceset: 1}\n";
                });
            }
            return new Accounts(InProcessGateway.start("polyface-sensetime-", Optional.of(yaml.toString()), Map.of()), credentials);
        }

        @Override
        public void close() {
            gateway.close();
        }
    }
}
