package io.polyface.engine.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small tmpfs a test class mounts to fill up (register it as a static extension), and the files
 * that fill it, deleted after each test so that a failed test leaves the space to the next.
 * Mounting needs root, as the project's machines and CI have; without it the class fails and says
 * so.
 */
public final class SmallDisk implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final String size;
    private Path root;

    /** @param size the tmpfs size, as {@code mount -o size=} takes it ({@code 24m}) */
    public SmallDisk(String size) {
        this.size = size;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Path mountPoint = Files.createTempDirectory("polyface-full-disk-");
        Optional<String> failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (failure.isPresent()) {
            Files.delete(mountPoint);
            fail("this test mounts a " + size + " tmpfs to fill it and cannot (it needs root): " + failure.get());
        }
        root = mountPoint;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (root != null) {
            deleteFillers();
        }
    }

    /** Unmounts, lazily when busy: an engine or gateway left open by a failed test must not keep the mount. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (root == null) {
            return;
        }
        Optional<String> failure = run("umount", root.toString());
        if (failure.isPresent()) {
            failure = run("umount", "-l", root.toString());
        }
        if (failure.isPresent()) {
            throw new IllegalStateException("cannot unmount the test's tmpfs at " + root + ": " + failure.get());
        }
        Files.delete(root);
        root = null;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** Writes a file that leaves about {@code leftFree} bytes of the disk free (0: none, to the last block). */
    public void fill(String name, long leftFree) throws IOException {
        long fill = Files.getFileStore(root).getUsableSpace() - leftFree;
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(root.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < fill; ) {
                block.clear().limit((int) Math.min(block.capacity(), fill - written));
                written += channel.write(block);
            }
        } catch (IOException e) {
            if (leftFree > 0 || !"No space left on device".equals(e.getMessage())) {
                throw e;
            }
        }
    }

    /** Frees the space a test took: every file at the top of the disk, leaving directories (the data) alone. */
    public void deleteFillers() throws IOException {
        try (var files = Files.list(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Runs a command; empty when it exited 0, else its exit code and output. */
    private static Optional<String> run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.of(String.join(" ", command) + " did not finish in 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? Optional.empty()
                : Optional.of(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
    }
}
