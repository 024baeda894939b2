package io.polyface.toolkit.console;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on the command line: how many of how many, the rate and the time left. On
 * a terminal one line is redrawn in place at most four times a second; elsewhere (a log, a pipe) a
 * plain line is written every {@code interval}, so that logs stay readable. Notes about the work
 * go on lines of their own. Not thread-safe: one worker reports.
 */
public final class Progress {
    private static final long REDRAW_NANOS = Duration.ofMillis(250).toNanos();

    private final String label;
    private final String unit;
    private final PrintWriter out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long started;
    private long total;
    private long done;
    private long lastShown;
    private boolean lineOpen;

    public Progress(String label, String unit, PrintWriter out, boolean terminal, Duration interval, LongSupplier nanoClock) {
        this.label = requireNonNull(label, "label is null");
        this.unit = requireNonNull(unit, "unit is null");
        this.out = requireNonNull(out, "out is null");
        this.terminal = terminal;
        this.intervalNanos = requireNonNull(interval, "interval is null").toNanos();
        this.clock = requireNonNull(nanoClock, "nanoClock is null");
        this.started = nanoClock.getAsLong();
        this.lastShown = started;
    }

    /** Progress on the given stream: redrawn on a terminal, a line every ten seconds elsewhere. */
    public static Progress of(String label, String unit, PrintWriter out) {
        return new Progress(label, unit, out, Terminal.attached(), Duration.ofSeconds(10), System::nanoTime);
    }

    /** How much there is to do, when it becomes known (it may grow). */
    public void total(long total) {
        this.total = Math.max(0, total);
    }

    /** Some more done. */
    public void advance(long count) {
        done += count;
        long now = clock.getAsLong();
        if (now - lastShown >= (terminal ? REDRAW_NANOS : intervalNanos)) {
            show(now);
        }
    }

    /** A line about the work, kept apart from the progress line. */
    public void note(String line) {
        clearLine();
        out.println(line);
        out.flush();
    }

    /** The final count; the progress line is left on screen. */
    public void finish() {
        if (!label.isEmpty() && (done > 0 || total > 0)) {
            show(clock.getAsLong());
        }
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.flush();
    }

    /** {@code migrate: 1,200 of 5,000 faces (24%), 310/s, about 12 s left}. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        StringBuilder text = new StringBuilder(label).append(": ").append(String.format(Locale.ROOT, "%,d", done));
        if (total > 0) {
            text.append(String.format(Locale.ROOT, " of %,d %s (%d%%)", total, unit, Math.min(100, done * 100 / total)));
        } else {
            text.append(' ').append(unit);
        }
        text.append(String.format(Locale.ROOT, ", %s/s", rate >= 10 ? String.format(Locale.ROOT, "%,.0f", rate)
                : String.format(Locale.ROOT, "%.1f", rate)));
        if (total > done && rate > 0) {
            text.append(", about ").append(duration((long) Math.ceil((total - done) / rate))).append(" left");
        } else {
            text.append(", ").append(duration((long) seconds)).append(" so far");
        }
        return text.toString();
    }

    private void show(long now) {
        lastShown = now;
        if (terminal) {
            out.print("\r" + line(now) + "\033[K");
            lineOpen = true;
        } else {
            out.println(line(now));
        }
        out.flush();
    }

    private void clearLine() {
        if (lineOpen) {
            out.print("\r\033[K");
            lineOpen = false;
        }
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** Whether the process talks to a person at a terminal. */
    static final class Terminal {
        private Terminal() {
        }

        static boolean attached() {
            java.io.Console console = System.console();
            if (console == null) {
                return false;
            }
            // Java 22 added Console.isTerminal (a console now exists for redirected streams too); on 21
            // a console exists only for a terminal.
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }
    }
}
