package io.polyface.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs the suite mounts to fill up (mounting needs root, as the project's machines and
 * CI have), and the files that fill it.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of the given size ({@code 48m}) on a new directory; the reason when it cannot. */
    static Tmpfs mount(Path mountPoint, String size) throws CannotMount {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<String> failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (failure.isPresent()) {
            throw new CannotMount("cannot mount a " + size + " tmpfs on " + mountPoint + " (it needs root): " + failure.get());
        }
        return new Tmpfs(mountPoint);
    }

    /** Unmounts (lazily) a tmpfs an earlier run left mounted there, when it was stopped before it could. */
    static void unmountLeftover(Path mountPoint) {
        try {
            String wanted = mountPoint.toAbsolutePath().normalize().toString();
            boolean mounted = Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8).stream()
                    .map(line -> line.split(" "))
                    .anyMatch(fields -> fields.length > 2 && fields[1].equals(wanted) && fields[2].equals("tmpfs"));
            if (mounted) {
                run("umount", "-l", wanted);
            }
        } catch (IOException e) {
            // No /proc/mounts: nothing this suite mounted can be there either.
        }
    }

    Path path() {
        return mountPoint;
    }

    /** Writes a file that leaves about {@code leftFree} bytes free (0: none, to the last block). */
    void fill(String name, long leftFree) {
        Path filler = mountPoint.resolve(name);
        try {
            long size = Files.getFileStore(mountPoint).getUsableSpace() - leftFree;
            ByteBuffer block = ByteBuffer.allocate(4096);
            try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (long written = 0; written < size; ) {
                    block.clear().limit((int) Math.min(block.capacity(), size - written));
                    written += channel.write(block);
                }
            }
        } catch (IOException e) {
            if (leftFree > 0 || !"No space left on device".equals(e.getMessage())) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes every file at the top of the disk (the fillers), leaving directories (the data) alone. */
    void free() {
        try (var files = Files.list(mountPoint)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long usable() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts, lazily if a process still holds the disk. */
    @Override
    public void close() {
        Optional<String> failure = run("umount", mountPoint.toString());
        if (failure.isPresent()) {
            failure = run("umount", "-l", mountPoint.toString());
        }
        if (failure.isPresent()) {
            throw new IllegalStateException("cannot unmount the tmpfs at " + mountPoint + ": " + failure.get());
        }
    }

    /** Mounting was refused. */
    static final class CannotMount extends Exception {
        private static final long serialVersionUID = 1L;

        CannotMount(String message) {
            super(message);
        }
    }

    /** Runs a command; empty when it exited 0, else its exit code and output. */
    private static Optional<String> run(String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(String.join(" ", command) + " did not finish in 30 s");
            }
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
