package io.polyface.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's limit on open files ({@code ulimit -n}), read from {@code /proc/<pid>/limits}. Linux only. */
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
}
