package io.polyface.engine.local.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The ONNX models of the npm package {@value #PACKAGE}@{@value #VERSION}, fetched once into a cache
 * directory outside the source tree and checked against pinned SHA-256 hashes.
 *
 * <p>Every model file is hashed on every {@link #ensure()}: the nine files are about 43 MB, which
 * takes well under a second, and a full check catches any corruption (a half-written copy, a
 * disk error, a hand edit) without a marker file that could itself go stale.
 *
 * <p>Writes are atomic (temporary file, then move) and serialised across JVMs by a file lock in
 * the cache directory, so two processes starting at once both end up with one verified copy.
 *
 * <p>Run {@code java -cp ... io.polyface.engine.local.ModelStore} to prefetch the models.
 */
public final class ModelStore {

    public static final String PACKAGE = "faceplugin-face-recognition-js";
    public static final String VERSION = "0.0.1";
    static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";
    static final String TARBALL_SHA256 = "7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba";

    private static final Logger LOG = Logger.getLogger(ModelStore.class.getName());
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** The model files of the package, each with its pinned SHA-256. */
    public enum ModelFile {
        DETECT("fr_detect.onnx", "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854"),
        LANDMARK("fr_landmark.onnx", "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"),
        FEATURE("fr_feature.onnx", "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"),
        POSE("fr_pose.onnx", "72d032ec941b7153bf8d3f2c03a4c165453cc7e63d479041ec7c6ef087e5839d"),
        LIVENESS("fr_liveness.onnx", "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d"),
        AGE("fr_age.onnx", "74c9b01700cb9ef96f7190a2230218414ff99d231415c4b091a755780cad5e8a"),
        GENDER("fr_gender.onnx", "a003e8392a617ca834c7ca2c01e0895f5c354217fb56cd0373935e6e9b9c396e"),
        EYE("fr_eye.onnx", "1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de"),
        EXPRESSION("fr_expression.onnx", "88959314d9dc14d6c968cca31dc068e4350bf1944154e3bdd2eece5d0f318d05");

        private final String fileName;
        private final String sha256;

        ModelFile(String fileName, String sha256) {
            this.fileName = fileName;
            this.sha256 = sha256;
        }

        public String fileName() {
            return fileName;
        }

        public String sha256() {
            return sha256;
        }

        String entryName() {
            return "package/model/" + fileName;
        }
    }

    /** Paths of the verified model files. */
    public record Models(
            Path directory,
            Path detect,
            Path landmark,
            Path feature,
            Path pose,
            Path liveness,
            Path age,
            Path gender,
            Path eye,
            Path expression) {
        public Models {
            requireNonNull(directory, "directory is null");
            requireNonNull(detect, "detect is null");
            requireNonNull(landmark, "landmark is null");
            requireNonNull(feature, "feature is null");
            requireNonNull(pose, "pose is null");
            requireNonNull(liveness, "liveness is null");
            requireNonNull(age, "age is null");
            requireNonNull(gender, "gender is null");
            requireNonNull(eye, "eye is null");
            requireNonNull(expression, "expression is null");
        }

        static Models in(Path directory) {
            Function<ModelFile, Path> p = m -> directory.resolve(m.fileName());
            return new Models(directory, p.apply(ModelFile.DETECT), p.apply(ModelFile.LANDMARK),
                    p.apply(ModelFile.FEATURE), p.apply(ModelFile.POSE), p.apply(ModelFile.LIVENESS),
                    p.apply(ModelFile.AGE), p.apply(ModelFile.GENDER), p.apply(ModelFile.EYE),
                    p.apply(ModelFile.EXPRESSION));
        }
    }

    /** A model is missing or corrupt and could not be fetched. */
    public static final class ModelUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ModelUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path directory;
    private final URI tarball;
    private final Duration timeout;

    public ModelStore(Path directory, URI tarball, Duration timeout) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        this.tarball = requireNonNull(tarball, "tarball is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * The store configured from the environment: directory {@code $POLYFACE_MODELS}, else
     * {@code $XDG_CACHE_HOME/polyface/models/<package>-<version>}, else
     * {@code ~/.cache/polyface/models/<package>-<version>}; registry from the system property or
     * environment variable {@code npm_config_registry}, else the public npm registry.
     */
    public static ModelStore fromEnvironment() {
        return new ModelStore(defaultDirectory(System.getenv()), tarballUri(registry()), Duration.ofMinutes(5));
    }

    /** Shorthand for {@code fromEnvironment().ensure()}. */
    public static Models ensureDefault() {
        return fromEnvironment().ensure();
    }

    static Path defaultDirectory(Map<String, String> env) {
        String explicit = env.get("POLYFACE_MODELS");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("polyface").resolve("models").resolve(PACKAGE + "-" + VERSION);
    }

    private static String registry() {
        return Optional.ofNullable(System.getProperty("npm_config_registry"))
                .or(() -> Optional.ofNullable(System.getenv("npm_config_registry")))
                .filter(s -> !s.isBlank())
                .orElse(DEFAULT_REGISTRY);
    }

    static URI tarballUri(String registry) {
        String base = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        return URI.create(base + "/" + PACKAGE + "/-/" + PACKAGE + "-" + VERSION + ".tgz");
    }

    public Path directory() {
        return directory;
    }

    /**
     * Makes sure every model file is present and matches its hash, downloading the package when one
     * is not. Thread-safe, and safe when several JVMs share the directory.
     *
     * @throws ModelUnavailableException naming the file, hash, directory and what to do
     */
    public Models ensure() {
        if (allValid()) {
            return Models.in(directory);
        }
        IN_PROCESS.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                // Another JVM may have finished the download while we waited for the lock.
                if (!allValid()) {
                    fetch();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelUnavailableException m) {
                throw m;
            }
            throw unavailable(firstInvalid().orElse(ModelFile.DETECT), e);
        } finally {
            IN_PROCESS.unlock();
        }
        Optional<ModelFile> bad = firstInvalid();
        if (bad.isPresent()) {
            throw unavailable(bad.get(), null);
        }
        return Models.in(directory);
    }

    private boolean allValid() {
        return firstInvalid().isEmpty();
    }

    private Optional<ModelFile> firstInvalid() {
        for (ModelFile m : ModelFile.values()) {
            Path p = directory.resolve(m.fileName());
            try {
                if (!Files.isRegularFile(p) || !m.sha256().equals(sha256(p))) {
                    return Optional.of(m);
                }
            } catch (IOException e) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private void fetch() throws IOException {
        LOG.info(() -> "fetching face models from " + tarball + " into " + directory);
        Path download = Files.createTempFile(directory, ".download-", ".tgz");
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(tarball).timeout(timeout).GET().build();
            HttpResponse<Path> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofFile(download));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + tarball, e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + tarball + " answered HTTP " + response.statusCode());
            }
            String actual = sha256(download);
            if (!TARBALL_SHA256.equals(actual)) {
                throw new IOException("package " + tarball + " has SHA-256 " + actual + ", expected " + TARBALL_SHA256);
            }
            extract(download);
        } finally {
            Files.deleteIfExists(download);
        }
    }

    private void extract(Path archive) throws IOException {
        Map<ModelFile, Boolean> found = new EnumMap<>(ModelFile.class);
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                for (ModelFile m : ModelFile.values()) {
                    if (entry.isFile() && entry.getName().equals(m.entryName())) {
                        writeVerified(m, tar);
                        found.put(m, true);
                    }
                }
            }
        }
        for (ModelFile m : ModelFile.values()) {
            if (!found.containsKey(m)) {
                throw new IOException("package " + tarball + " has no " + m.entryName());
            }
        }
    }

    private void writeVerified(ModelFile model, InputStream content) throws IOException {
        Path temp = Files.createTempFile(directory, "." + model.fileName() + "-", ".part");
        try {
            MessageDigest digest = newDigest();
            try (OutputStream out = Files.newOutputStream(temp);
                    DigestInputStream in = new DigestInputStream(nonClosing(content), digest)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!model.sha256().equals(actual)) {
                throw new IOException(model.entryName() + " has SHA-256 " + actual + ", expected " + model.sha256());
            }
            Path target = directory.resolve(model.fileName());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private ModelUnavailableException unavailable(ModelFile model, Throwable cause) {
        String why = cause == null ? "" : " (" + cause.getMessage() + ")";
        return new ModelUnavailableException(String.format(Locale.ROOT,
                "face model %s is missing or corrupt in %s and could not be fetched from %s%s; expected SHA-256 %s. "
                        + "Fix: check network access to the npm registry (or set npm_config_registry to a mirror), "
                        + "delete the directory %s to force a fresh download, or set POLYFACE_MODELS to a directory "
                        + "holding verified copies of the %s@%s model files.",
                model.fileName(), directory, tarball, why, model.sha256(), directory, PACKAGE, VERSION), cause);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is not available", e));
        }
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the tar stream stays open for the next entry
            }
        };
    }

    /** Prefetches the models; exit status 0 when they are all present and verified. */
    public static void main(String[] args) {
        try {
            Models models = ensureDefault();
            LOG.info(() -> "face models ready in " + models.directory());
        } catch (ModelUnavailableException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            System.exit(1);
        }
    }
}
