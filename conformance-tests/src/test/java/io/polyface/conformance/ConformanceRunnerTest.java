package io.polyface.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against a fake DM-AI server that breaks the contract in one place: its licence
 * endpoint answers err_code 1001. The report must name that test as failed, with the request, the
 * response, the expectation and the document section.
 */
class ConformanceRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer fake;

    @BeforeEach
    void startFake() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String body = exchange.getRequestURI().getPath().endsWith("/license")
                    ? "{\"err_code\": 1001, \"status\": \"Database error\"}"
                    : "{\"err_code\": 0, \"version\": \"V1.0.0\", \"status\": \"Authorized\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        fake.start();
    }

    @AfterEach
    void stopFake() {
        fake.stop(0);
    }

    private String fakeUrl() {
        return "http://127.0.0.1:" + fake.getAddress().getPort() + "/dmai";
    }

    @Test
    void aWrongErrCodeIsReportedAsAFailureATesterCanActOn(@TempDir Path reports) throws IOException {
        ConformanceRunner.Result result = ConformanceRunner.run(new ConformanceRunner.Options("dmai", Optional.of(fakeUrl()),
                Optional.empty(), reports, List.of("io.polyface.conformance.dmai.DmaiSystemTest")));

        assertThat(result.passed()).as("the run passed").isFalse();
        assertThat(result.summaryLine()).isEqualTo("2 passed, 1 failed, 1 skipped");

        List<JsonNode> lines = Files.readAllLines(reports.resolve("results.jsonl")).stream().map(ConformanceRunnerTest::parse).toList();
        assertThat(lines).hasSize(4);
        JsonNode failed = lines.stream().filter(l -> l.path("status").asText().equals("fail")).findFirst().orElseThrow();
        assertThat(failed.path("name").asText()).contains("licenseIsAuthorized");
        assertThat(failed.path("dialect").asText()).isEqualTo("dmai");
        assertThat(failed.path("operation").asText()).isEqualTo("license");
        assertThat(failed.path("expected_code").asText()).isEqualTo("0");
        assertThat(failed.path("duration_ms").isNumber()).isTrue();
        assertThat(failed.path("error").asText())
                .contains("expected:", "err_code", "1001")
                .contains("document section 1.2")
                .contains("request:  GET " + fakeUrl() + "/api/v1/engine/recocomp/license")
                .contains("response: HTTP 200", "\"Database error\"");
        JsonNode skipped = lines.stream().filter(l -> l.path("status").asText().equals("skip")).findFirst().orElseThrow();
        assertThat(skipped.path("operation").asText()).isEqualTo("unknown-path");

        JsonNode coverage = parse(Files.readString(reports.resolve("coverage-dmai.json")));
        JsonNode licenseCell = findCell(coverage, "license", "0");
        assertThat(licenseCell.path("status").asText()).isEqualTo("failed");
        assertThat(findCell(coverage, "version", "0").path("status").asText()).isEqualTo("covered");
        assertThat(coverage.path("uncovered").size()).as("cells no selected test proves").isPositive();
        assertThat(Files.readString(reports.resolve("coverage-dmai.md"))).contains("| license | ❌ 1 |", "## Uncovered cells");
        assertThat(Files.readString(reports.resolve("summary.txt"))).startsWith("2 passed, 1 failed, 1 skipped\ncoverage dmai: ");
        try (var xml = Files.list(reports.resolve("junit"))) {
            assertThat(xml.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("TEST-") && n.endsWith(".xml"));
        }
    }

    @Test
    void theCommandLineExitsNonZeroWhenATestFails(@TempDir Path reports) {
        Run run = conformance("--dialect", "dmai", "--base-url", fakeUrl(), "--report", reports.toString());

        assertThat(run.status()).as("exit status; output:%n%s%s", run.out(), run.err()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED DmaiSystemTest.licenseIsAuthorized()");
        assertThat(run.out().lines().filter(l -> l.matches("\\d+ passed, \\d+ failed, \\d+ skipped")).count()).isEqualTo(1);
        assertThat(run.out()).containsPattern("coverage dmai: \\d+\\.\\d%");
    }

    @Test
    void theCommandLineShowsProgressAndFailuresAsTheyHappen(@TempDir Path reports) {
        List<String> lines = conformance("--dialect", "dmai", "--base-url", fakeUrl(), "--report", reports.toString()).out().lines().toList();

        assertThat(lines).anyMatch(l -> l.startsWith("failed: licenseIsAuthorized()"));
        assertThat(lines).anyMatch(l -> l.matches("conformance dmai: (\\d+) of \\1 tests \\(100%\\), .*"));
        assertThat(lines.indexOf("failed: licenseIsAuthorized()"))
                .as("a failure is told before the summary").isLessThan(lines.indexOf("FAILED DmaiSystemTest.licenseIsAuthorized()"));
    }

    @Test
    void aSuiteThatCannotRunAsGivenIsAUsageErrorSaidOnce(@TempDir Path reports) {
        Run run = conformance("--dialect", "sensetime", "--base-url", fakeUrl(), "--report", reports.toString());

        assertThat(run.status()).as("exit status of a usage error").isEqualTo(2);
        assertThat(run.err()).startsWith("conformance: the SenseTime suite needs --credentials FILE");
        assertThat(run.out()).doesNotContain("FAILED", "coverage sensetime");
    }

    @Test
    void aCredentialsFileWithoutAKeyIsAUsageError(@TempDir Path reports) throws IOException {
        Path credentials = Files.writeString(reports.resolve("qiniu.properties"), "# no key yet\n");

        Run run = conformance("--dialect", "qiniu", "--base-url", fakeUrl(), "--credentials", credentials.toString(),
                "--report", reports.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("conformance: the credentials file names no access-key and secret-key");
    }

    @Test
    void theCommandLineAnswersHelp() {
        Run run = conformance("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Usage: conformance").contains("--dialect=ID", "--base-url=URL")
                .containsPattern("the dialect whose suite to run: ([a-z]+, )+[a-z]+").contains(" dmai,");
    }

    @Test
    void theCommandLineRejectsBadUsageWithStatus2() {
        Run noDialect = conformance("--base-url", "http://x");
        Run unknownDialect = conformance("--dialect", "nosuch", "--base-url", "http://x");

        assertThat(noDialect.status()).isEqualTo(2);
        assertThat(noDialect.err()).contains("--dialect is required");
        assertThat(unknownDialect.status()).isEqualTo(2);
        assertThat(unknownDialect.err()).contains("No contract for dialect 'nosuch'");
    }

    /** What the command printed and its exit status. */
    private record Run(int status, String out, String err) {
    }

    private static Run conformance(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode findCell(JsonNode coverage, String operation, String code) {
        for (JsonNode cell : coverage.path("cells")) {
            if (cell.path("operation").asText().equals(operation) && cell.path("code").asText().equals(code)) {
                return cell;
            }
        }
        throw new AssertionError("no cell " + operation + " " + code + " in " + coverage);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
