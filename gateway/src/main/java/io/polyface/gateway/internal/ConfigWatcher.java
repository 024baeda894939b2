package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the {@code --config} file and runs a reload when its content changes. Polling the
 * content's digest, not file-system events: it works the same on every file system, through
 * editors that replace the file, and on mounted volumes (a Kubernetes ConfigMap).
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConfigWatcher.class.getName());

    private final Path file;
    private final Runnable reload;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("polyface-config-watcher").factory());
    private byte[] digest;

    public ConfigWatcher(Path file, Duration interval, Runnable reload) {
        this.file = requireNonNull(file, "file is null");
        this.reload = requireNonNull(reload, "reload is null");
        this.digest = digest();
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        byte[] now = digest();
        if (now.length == 0 || Arrays.equals(now, digest)) {
            return;
        }
        digest = now;
        try {
            reload.run();
            LOG.log(System.Logger.Level.INFO, "Configuration reloaded from " + file);
        } catch (RuntimeException e) {
            // The old configuration stays in force; the next change is tried again.
            LOG.log(System.Logger.Level.WARNING, "Configuration " + file + " not reloaded: " + e.getMessage());
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
