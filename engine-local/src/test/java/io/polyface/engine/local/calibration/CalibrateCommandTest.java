package io.polyface.engine.local.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code calibrate} command line: help, and usage errors refused before any measuring. */
class CalibrateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsEveryOptionAndExitsZero() {
        assertThat(run("--help")).isZero();

        assertThat(text(out)).contains("Usage: calibrate", "--out=DIR", "--faces=DIR", "--version=V", "--print",
                "--help", "target/calibration");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsageAndExitsTwo() {
        assertThat(run("--bogus")).isEqualTo(2);

        assertThat(text(err).lines().findFirst()).hasValue("calibrate: Unknown option: '--bogus'");
        assertThat(text(err)).contains("Usage: calibrate [-h] [--out=DIR] [--faces=DIR] [--version=V]... [--print]");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueIsRefusedWithExitTwo() {
        assertThat(run("--out")).isEqualTo(2);

        assertThat(text(err).lines().findFirst()).get().asString().startsWith("calibrate: ").contains("'--out'");
        assertThat(text(out)).isEmpty();
    }

    private int run(String... args) {
        return CalibrateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
