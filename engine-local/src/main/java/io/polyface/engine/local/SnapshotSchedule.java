package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.CollectionIndexes.Loaded;
import io.polyface.engine.local.CollectionIndexes.Slot;
import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSettings;
import io.polyface.engine.local.index.IndexSnapshots;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.EngineContext;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the loaded indexes are saved as {@link IndexSnapshots}: each one idle for {@code
 * index-snapshot-idle-seconds}, and every one not saved as it is at close, so that a restart (or a
 * crash) reads a snapshot instead of every face. Thread-safe.
 */
final class SnapshotSchedule implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SnapshotSchedule.class.getName());

    /** Collections of at least this many faces get an index snapshot (see {@link IndexSnapshots}). */
    static final int DEFAULT_SNAPSHOT_ROWS = 10_000;

    /**
     * How long a collection's index must stay unchanged before it is saved without a close: a crash
     * then costs a read of the snapshot instead of one of every face, unless it came within this
     * long of the last write.
     */
    static final Duration DEFAULT_SNAPSHOT_IDLE = Duration.ofSeconds(60);

    /** {@code index-snapshot-rows} (-1: no snapshots) and {@code index-snapshot-idle-seconds} (0: only at close). */
    record Settings(int rows, Duration idle) {
        static Settings from(EngineContext context) {
            Duration idle = IndexSettings.number(context, "index-snapshot-idle-seconds")
                    .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)))
                    .orElse(DEFAULT_SNAPSHOT_IDLE);
            if (idle.isNegative()) {
                throw new IllegalArgumentException(
                        "index-snapshot-idle-seconds must not be negative (0 turns it off): " + idle.toMillis() / 1000.0);
            }
            return new Settings(IndexSettings.integer(context, "index-snapshot-rows").orElse(DEFAULT_SNAPSHOT_ROWS), idle);
        }
    }

    private final CollectionIndexes indexes;
    private final IndexSnapshots target;
    private final Optional<ScheduledExecutorService> idleSaver;

    private SnapshotSchedule(CollectionIndexes indexes, IndexSnapshots target, Duration idle) {
        this.indexes = indexes;
        this.target = target;
        indexes.useSnapshots(target);
        if (idle.isPositive()) {
            ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(
                    IndexRuntime.daemonThreads("polyface-index-snapshots-"));
            saver.scheduleWithFixedDelay(this::saveIdle, idle.toMillis(), idle.toMillis(), TimeUnit.MILLISECONDS);
            idleSaver = Optional.of(saver);
        } else {
            idleSaver = Optional.empty();
        }
    }

    /** Snapshots of the indexes under {@code directory} as the settings say, none when they turn them off. */
    static Optional<SnapshotSchedule> start(CollectionIndexes indexes, Path directory, Settings settings) {
        requireNonNull(indexes, "indexes is null");
        if (settings.rows() < 0) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotSchedule(indexes, new IndexSnapshots(directory, settings.rows()), settings.idle()));
    }

    /** A deleted collection's snapshot goes with it. */
    void delete(CollectionRef ref) {
        target.delete(ref);
    }

    /**
     * Every idle period: a snapshot of each index that has not changed since the last round and is
     * not saved as it is. The index is read without the collection's lock (writing a million faces
     * takes seconds), so writes and searches go on; a write meanwhile voids the copy, which is
     * then left for a later round. The lock is taken only to note the index's state at the start
     * and to put the file in place at the end, if the collection is still in that state.
     */
    private void saveIdle() {
        indexes.slots().forEach((ref, slot) -> {
            Loaded now = slot.loaded;
            Loaded before = slot.seen;
            slot.seen = now;
            if (now == null || now != before || now == slot.saved || now.index().isEmpty()) {
                return;
            }
            try {
                saveIfUnchanged(ref, slot, now, now.index().get());
            } catch (RuntimeException e) {
                // Caught here too: an exception out of a round would cancel every later round.
                LOG.log(Level.WARNING, "{0}: no index snapshot written: {1}", ref, e.getMessage());
            }
        });
    }

    private void saveIfUnchanged(CollectionRef ref, Slot slot, Loaded now, VectorIndex index) {
        long changes;
        slot.lock.lock();
        try {
            if (slot.loaded != now) {
                return;
            }
            changes = index.changes();
        } finally {
            slot.lock.unlock();
        }
        Optional<IndexSnapshots.Written> written = target.write(ref, keyOf(now), index, changes);
        if (written.isEmpty()) {
            return;
        }
        slot.lock.lock();
        try {
            if (slot.loaded == now && index.changes() == changes) {
                if (written.get().publish()) {
                    slot.saved = now;
                }
            } else {
                written.get().discard();
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private static IndexSnapshots.Key keyOf(Loaded loaded) {
        return new IndexSnapshots.Key(loaded.collectionId(), loaded.completeVersion(), loaded.featureVersion());
    }

    /** Stops the rounds (one writing a snapshot now finishes it), then saves every loaded index not saved as it is. */
    @Override
    public void close() {
        idleSaver.ifPresent(SnapshotSchedule::stop);
        indexes.slots().forEach((ref, slot) -> {
            Loaded loaded = slot.loaded;
            if (loaded != null && loaded.index().isPresent() && loaded != slot.saved) {
                target.save(ref, keyOf(loaded), loaded.index().orElseThrow());
            }
        });
    }

    private static void stop(ScheduledExecutorService saver) {
        // No further rounds; one writing a snapshot now finishes it (an interrupt would cut the file).
        saver.shutdown();
        try {
            saver.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
