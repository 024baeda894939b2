package io.polyface.engine.local.index;

import static java.util.Objects.requireNonNull;

import io.polyface.engine.local.store.ChangeLog;
import io.polyface.spi.engine.CollectionRef;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.types.ObjectId;

/**
 * Copies of loaded indexes on local disk, so that a restart does not read every face from the
 * database again (the embedded server reads a million faces in a minute or more).
 *
 * <p>A snapshot is written for each loaded index of at least {@code index-snapshot-rows} faces when
 * the engine closes, and while it runs once the index has had no write for {@code
 * index-snapshot-idle-seconds} (see {@code LocalFaceEngine}), so that a crash finds one too. It
 * names the collection document and the collection version the index was current for. At the next
 * load it is used when the collection in the database is still that document in that feature
 * version, and the writes since that version are still in the collection's {@link ChangeLog}, which
 * then brings the index up to date; otherwise (or without a log: after any write since) the
 * snapshot is ignored (and replaced when the index is next left alone, or at the close). It is
 * written to a temporary file and moved into place, so a crash leaves the old snapshot or none, and
 * a damaged file is read as no snapshot. The index is read while writes to it go on, and a copy
 * that a write landed in is dropped ({@link #write}).
 *
 * <p>Format (big-endian, as {@link DataOutputStream} writes): magic {@code PFIX}, format 1, the
 * collection document id, version, feature version, dimension and row count, then per row the face
 * id, the tag and the vector as float32 little-endian.
 */
public final class IndexSnapshots {

    private static final System.Logger LOG = System.getLogger(IndexSnapshots.class.getName());
    private static final int MAGIC = 0x50464958;
    private static final int FORMAT = 1;
    /** Larger than any face embedding; a snapshot claiming more is damaged. */
    private static final int MAX_DIMENSION = 65_536;

    private final Path directory;
    private final int minRows;

    public IndexSnapshots(Path directory, int minRows) {
        this.directory = requireNonNull(directory, "directory is null");
        this.minRows = minRows;
    }

    /** What a snapshot must match to be used. */
    public record Key(ObjectId collectionId, long version, String featureVersion) {
        public Key {
            requireNonNull(collectionId, "collectionId is null");
            requireNonNull(featureVersion, "featureVersion is null");
        }
    }

    /** Writes the index's snapshot and puts it in place, unless it is too small to be worth one. */
    public void save(CollectionRef ref, Key key, VectorIndex index) {
        write(ref, key, index, index.changes()).ifPresent(Written::publish);
    }

    /**
     * Writes the index's snapshot to a temporary file, reading the index in chunks while writes to
     * it go on (see {@link VectorIndex#forEachRow}); {@link Written#publish} puts it in place.
     * Empty when the index is too small to be worth one, when it moved from {@code changes} while it
     * was read (the copy would not be one state of it), or when the file cannot be written.
     */
    public Optional<Written> write(CollectionRef ref, Key key, VectorIndex index, long changes) {
        if (index.size() < minRows) {
            return Optional.empty();
        }
        Path file = fileOf(ref);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        long start = System.nanoTime();
        boolean whole;
        int rows;
        try {
            Files.createDirectories(directory);
            try (OutputStream raw = Files.newOutputStream(partial);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
                // A write since `changes` is caught by forEachRow, so the count is the copy's.
                rows = index.size();
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key.collectionId().toHexString());
                out.writeLong(key.version());
                out.writeUTF(key.featureVersion());
                out.writeInt(index.dimension());
                out.writeInt(rows);
                ByteBuffer row = ByteBuffer.allocate(index.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                whole = index.forEachRow(changes, (faceId, tag, matrix, offset) -> {
                    out.writeUTF(faceId);
                    out.writeUTF(tag);
                    row.clear();
                    row.asFloatBuffer().put(matrix, offset, index.dimension());
                    out.write(row.array());
                });
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: no index snapshot written: {1}", ref, e.getMessage());
            deleteQuietly(partial);
            return Optional.empty();
        }
        if (!whole) {
            LOG.log(Level.DEBUG, "{0}: the index changed while its snapshot was written; left for a later one", ref);
            deleteQuietly(partial);
            return Optional.empty();
        }
        return Optional.of(new Written(ref, partial, file, rows, start));
    }

    /** A snapshot in its temporary file: {@link #publish} puts it in place, {@link #discard} drops it. */
    public final class Written {
        private final CollectionRef ref;
        private final Path partial;
        private final Path file;
        private final int rows;
        private final long started;

        private Written(CollectionRef ref, Path partial, Path file, int rows, long started) {
            this.ref = ref;
            this.partial = partial;
            this.file = file;
            this.rows = rows;
            this.started = started;
        }

        /** Moves the snapshot into place, replacing the collection's last one; false when it could not. */
        public boolean publish() {
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.log(Level.INFO, "{0}: index snapshot of {1} faces written in {2} ms", ref, rows,
                        (System.nanoTime() - started) / 1_000_000);
                return true;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "{0}: no index snapshot written: {1}", ref, e.getMessage());
                deleteQuietly(partial);
                return false;
            }
        }

        /** Drops the snapshot: what it copied is no longer what the collection holds. */
        public void discard() {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // Nothing more to do: a stray partial file is never read.
        }
    }

    /**
     * Fills a new index from the collection's snapshot when the snapshot matches the key; empty when
     * there is none, it does not match, or it cannot be read.
     */
    public Optional<VectorIndex> load(CollectionRef ref, Key key, IndexRuntime runtime) {
        return load(ref, key::equals, runtime).map(Snapshot::index);
    }

    /** A snapshot read back, with the key it was written for. */
    public record Snapshot(Key key, VectorIndex index) {
        public Snapshot {
            requireNonNull(key, "key is null");
            requireNonNull(index, "index is null");
        }
    }

    /**
     * Fills a new index from the collection's snapshot when its key is {@code usable} (one of an
     * older version, which the change log can bring up to date, for instance); empty when there is
     * none, it is not usable, or it cannot be read.
     */
    public Optional<Snapshot> load(CollectionRef ref, Predicate<Key> usable, IndexRuntime runtime) {
        Path file = fileOf(ref);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return Optional.empty();
            }
            Key found = new Key(new ObjectId(in.readUTF()), in.readLong(), in.readUTF());
            if (!usable.test(found)) {
                LOG.log(Level.DEBUG, "{0}: index snapshot of {1} is of no use now", ref, found);
                return Optional.empty();
            }
            int dimension = in.readInt();
            int rows = in.readInt();
            // Each row holds at least its vector and two string lengths: a count the file cannot
            // hold is damage, refused before room for it is made.
            if (dimension <= 0 || dimension > MAX_DIMENSION || rows < 0
                    || rows > Files.size(file) / ((long) dimension * Float.BYTES + 4)) {
                LOG.log(Level.WARNING, "{0}: index snapshot claims {1} rows of {2}, more than its file holds; reading the database instead",
                        ref, rows, dimension);
                return Optional.empty();
            }
            VectorIndex index = new VectorIndex(dimension, runtime);
            index.holdGraph(true);
            index.reserve(rows);
            byte[] bytes = new byte[dimension * Float.BYTES];
            float[] vector = new float[dimension];
            for (int r = 0; r < rows; r++) {
                String faceId = in.readUTF();
                String tag = in.readUTF();
                in.readFully(bytes);
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
                index.add(faceId, tag, vector);
            }
            index.holdGraph(false);
            LOG.log(Level.INFO, "{0}: index of {1} faces loaded from its snapshot in {2} ms", ref, rows,
                    (System.nanoTime() - start) / 1_000_000);
            return Optional.of(new Snapshot(found, index));
        } catch (EOFException e) {
            LOG.log(Level.WARNING, "{0}: index snapshot is cut short, reading the database instead", ref);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: index snapshot unreadable ({1}), reading the database instead", ref, e.getMessage());
            return Optional.empty();
        }
    }

    /** Removes a collection's snapshot (the collection was deleted). */
    public void delete(CollectionRef ref) {
        try {
            Files.deleteIfExists(fileOf(ref));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: stale index snapshot left behind: {1}", ref, e.getMessage());
        }
    }

    /** One file per collection, named by a hash: tenant and collection names may hold any character. */
    private Path fileOf(CollectionRef ref) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (ref.tenant().length() + ":" + ref.tenant() + ref.name()).getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".index");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
