package io.polyface.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code polyface verify reliability}: help, and usage errors refused before any run. */
class ReliabilityMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionAndTheAreasAndExitsZero() {
        assertThat(run("--help")).isZero();

        assertThat(text(out)).contains("Usage: polyface verify reliability", "--size=ci|full", "--areas=AREA",
                "--seed=N", "--fuzz-requests=N", "--work=DIR", "--help", "20261207",
                "reliability/target/reliability-run");
        assertThat(text(out)).contains(Arrays.stream(Area.values()).map(Area::option).toList());
        assertThat(text(err)).isEmpty();
    }

    @Test
    void aSizeOtherThanCiOrFullIsNamedWithTheUsageAndExitsTwo() {
        assertThat(run("--size", "huge")).isEqualTo(2);

        assertThat(text(err).lines().findFirst()).get().asString()
                .startsWith("polyface verify reliability: ").contains("--size", "'huge'");
        assertThat(text(err)).contains("Usage: polyface verify reliability [-h] [--size=ci|full]");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void anUnknownAreaABadNumberAndAMissingValueAreRefusedWithExitTwo() {
        assertThat(run("--areas", "fuzzer,nowhere")).isEqualTo(2);
        assertThat(text(err)).contains("no area 'nowhere'");

        assertThat(run("--seed", "many")).isEqualTo(2);
        assertThat(text(err)).contains("--seed", "'many'");

        assertThat(run("--fuzz-requests")).isEqualTo(2);
        assertThat(text(err)).contains("'--fuzz-requests'");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void aWorkDirectoryThatCannotBeCreatedIsAUsageErrorAndTheLastOfTwoIsTheOneTaken() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "not a directory");
        String unwritable = file.resolve("run").toString();

        assertThat(run("--areas", "fuzzer", "--work", "elsewhere", "--work", unwritable)).isEqualTo(2);

        assertThat(text(err)).startsWith("polyface verify reliability: cannot create the work directory " + unwritable);
        assertThat(text(out)).isEmpty();
    }

    private int run(String... args) {
        return ReliabilityMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
