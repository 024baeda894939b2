package io.polyface.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The attack suite at CI size, each area a test that fails on any failed check: the same runs as
 * {@code ./polyface verify reliability --size ci}, against gateway processes the suite starts.
 * The fuzzer, slow reader and flood share one gateway, in that order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilitySuiteTest {
    private static final long SEED = 20261207L;

    private static ReliabilitySuite suite;
    private static Path work;

    @BeforeAll
    static void start() {
        work = Path.of(System.getProperty("polyface.reliability.report-dir", "target/reliability"));
        suite = new ReliabilitySuite(Sizing.CI, SEED, work, System.out);
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    @Order(1)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyContractOperationAnswersEveryMutationInItsContract() throws IOException {
        AreaResult result = suite.run(Area.FUZZER);

        assertPassed(result, Sizing.CI.fuzzRequests());
        Matcher reached = Pattern.compile("valid requests answered with success: (\\d+) of (\\d+) ").matcher(
                result.notes().stream().filter(n -> n.startsWith("valid requests")).findFirst().orElseThrow());
        assertThat(reached.find()).isTrue();
        List<String> unreached = Files.readAllLines(work.resolve("fuzzer-unreached.txt"));
        assertThat(unreached).as("one line for each operation whose valid request did not succeed")
                .hasSize(Integer.parseInt(reached.group(2)) - Integer.parseInt(reached.group(1)))
                .allMatch(line -> line.matches("[a-z]+ [A-Za-z_.-]+: [A-Z]+ /.* \\[baseline\\]: HTTP \\d{3} .*"));
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSlowReaderGetsTheWholeLargeAnswerAndOthersAreServedMeanwhile() {
        assertPassed(suite.run(Area.SLOW_READER), 2);
    }

    @Test
    @Order(3)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anotherAddressIsServedDuringAConnectionFloodAndThePortAnswersAfterIt() {
        assertPassed(suite.run(Area.CONNECTION_FLOOD), 8);
    }

    @Test
    @Order(4)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFullDiskGetsStorageErrorsAndReadinessDownThenRecoversWithNothingLost() {
        assertPassed(suite.run(Area.FULL_DISK), 17);
    }

    @Test
    @Order(5)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesKillNine() {
        assertPassed(suite.run(Area.KILL_9), 4 * Sizing.CI.kills());
    }

    @Test
    @Order(6)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aGrowingGalleryIsSearchedRightAndItsResidentMemoryReported() {
        AreaResult result = suite.run(Area.MEMORY);

        assertPassed(result, 200);
        assertThat(result.notes()).anyMatch(n -> n.startsWith("1,000 faces")).anyMatch(n -> n.startsWith("10,000 faces"))
                .allMatch(n -> n.contains("resident "));
    }

    /** Every check passed, and at least as many were made as the area makes when it runs through. */
    private static void assertPassed(AreaResult result, int leastTried) {
        assertThat(result.failures()).as(result.line()).isEmpty();
        assertThat(result.tried()).as(result.line()).isGreaterThanOrEqualTo(leastTried);
    }
}
