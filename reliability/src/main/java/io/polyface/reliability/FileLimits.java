package io.polyface.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A process's limit on open files ({@code ulimit -n}), read from {@code /proc/<pid>/limits}, and
 * raised with {@code prlimit} where the user may (root may raise the hard limit too). Linux only.
 */
final class FileLimits {
    private FileLimits() {
    }

    /** The soft limit on open files of a process, if {@code /proc} says. */
    static OptionalLong soft(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(fields[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * Raises a process's soft and hard limits to at least {@code wanted} with {@code prlimit}; the
     * soft limit afterwards (unchanged when it could not).
     */
    static long raise(long pid, long wanted) {
        long now = soft(pid).orElse(0);
        if (now >= wanted) {
            return now;
        }
        try {
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + wanted + ":" + wanted)
                    .redirectErrorStream(true).start();
            prlimit.getInputStream().readAllBytes();
            if (!prlimit.waitFor(10, TimeUnit.SECONDS)) {
                prlimit.destroyForcibly();
            }
        } catch (IOException e) {
            return now;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return now;
        }
        return soft(pid).orElse(now);
    }
}
