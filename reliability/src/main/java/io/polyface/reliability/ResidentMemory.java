package io.polyface.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A process's resident memory as Linux reports it in {@code /proc/<pid>/status}: what it holds now
 * ({@code VmRSS}) and the most it has held ({@code VmHWM}).
 */
record ResidentMemory(long nowKb, long peakKb) {

    static ResidentMemory of(long pid) {
        try {
            long now = -1;
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    now = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            if (now < 0 || peak < 0) {
                throw new IllegalStateException("/proc/" + pid + "/status names no VmRSS or VmHWM");
            }
            return new ResidentMemory(now, peak);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the resident memory of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** {@code resident 812 MB (peak 1,204 MB)}. */
    String describe() {
        return String.format(Locale.ROOT, "resident %,d MB (peak %,d MB)", nowKb / 1024, peakKb / 1024);
    }
}
