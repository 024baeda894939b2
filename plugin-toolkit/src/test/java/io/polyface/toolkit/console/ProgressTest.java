package io.polyface.toolkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter written = new StringWriter();

    @Test
    void withoutATerminalAPlainLineIsWrittenEveryInterval() {
        Progress progress = progress(false);
        progress.total(1000);

        at(4, () -> progress.advance(100));
        at(10, () -> progress.advance(100));
        at(15, () -> progress.advance(300));
        progress.note("collection vip: 500 of 500 faces");
        at(20, () -> progress.advance(100));
        at(25, progress::finish);

        assertThat(written.toString().lines()).containsExactly(
                "migrate: 200 of 1,000 faces (20%), 20/s, about 40 s left",
                "collection vip: 500 of 500 faces",
                "migrate: 600 of 1,000 faces (60%), 30/s, about 14 s left",
                "migrate: 600 of 1,000 faces (60%), 24/s, about 17 s left");
    }

    @Test
    void onATerminalOneLineIsRedrawnAndNotesGoAboveIt() {
        Progress progress = progress(true);
        progress.total(10);

        at(1, () -> progress.advance(2));
        at(1, () -> progress.advance(1));
        progress.note("resuming");
        at(2, () -> progress.advance(7));
        at(2, progress::finish);

        assertThat(written.toString()).isEqualTo(
                "\rmigrate: 2 of 10 faces (20%), 2.0/s, about 4 s left\033[K"
                        + "\r\033[Kresuming\n"
                        + "\rmigrate: 10 of 10 faces (100%), 5.0/s, 2 s so far\033[K"
                        + "\rmigrate: 10 of 10 faces (100%), 5.0/s, 2 s so far\033[K\n");
    }

    @Test
    void longWaitsReadAsMinutesAndHours() {
        assertThat(Progress.duration(59)).isEqualTo("59 s");
        assertThat(Progress.duration(125)).isEqualTo("2 min 05 s");
        assertThat(Progress.duration(7260)).isEqualTo("2 h 01 min");
    }

    private void at(long seconds, Runnable action) {
        now.set(TimeUnit.SECONDS.toNanos(seconds));
        action.run();
    }

    /** A progress of migrating faces, written every ten seconds of the test's clock, to a terminal or not. */
    private Progress progress(boolean terminal) {
        return new Progress("migrate", "faces", new PrintWriter(written), terminal, Duration.ofSeconds(10), now::get);
    }
}
