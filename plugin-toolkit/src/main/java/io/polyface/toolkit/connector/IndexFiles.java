package io.polyface.toolkit.connector;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.polyface.spi.FaceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The file a connector keeps its index in without a database: written whole or not at all. */
public final class IndexFiles {
    private IndexFiles() {
    }

    /**
     * Writes the content to a temporary file beside the target, forces it to the disk, then moves it
     * over the target and syncs the directory, so that a crash leaves the old index or the new one,
     * never half of one. A write that fails (a full disk) leaves the old index and no temporary file
     * behind.
     *
     * @param what the index in the failure's message ("the FacePass connector's index")
     */
    public static void write(Path target, byte[] content, String what) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temporary, target, REPLACE_EXISTING, ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            forceDirectory(parent);
        } catch (IOException e) {
            throw new FaceException.Internal("cannot write " + what + " " + target, e);
        }
    }

    /** Makes the rename itself durable where the platform can open a directory to sync it (Linux can). */
    private static void forceDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // Windows cannot open a directory as a channel; its rename is as durable as it gets there.
        }
        try (channel) {
            channel.force(true);
        }
    }
}
