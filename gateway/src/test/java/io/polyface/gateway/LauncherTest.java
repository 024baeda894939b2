package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code polyface} launcher as a user runs it, from a directory of their own: it works from
 * the repository, yet the user's relative paths stay theirs, and the JVM's incubator warning does
 * not reach them. The launcher runs from a copy of the repository's layout whose jar is this
 * module's classes, so nothing is built.
 */
class LauncherTest {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path work;

    private Path launcher;
    private Path user;

    record Ran(int code, String out, String err) {
    }

    @BeforeEach
    void layOutARepository() throws IOException {
        Path repo = Files.createDirectories(work.resolve("repo"));
        launcher = Files.copy(Path.of("..", "polyface"), repo.resolve("polyface"));
        Path target = Files.createDirectories(repo.resolve("gateway/target/lib"));
        jar(Path.of("target/classes"), repo.resolve("gateway/target/polyface-gateway.jar"));
        String classpath = Optional.ofNullable(System.getProperty("surefire.test.class.path")).filter(cp -> !cp.isBlank())
                .orElseGet(() -> System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
                Files.createSymbolicLink(target.resolve((n++) + "-" + jar.getFileName()), jar.toAbsolutePath());
            }
        }
        Path conformance = Files.createDirectories(repo.resolve("conformance-tests/target")).resolve("polyface-conformance-tests.jar");
        Files.writeString(conformance, "");
        Path logging = Files.createDirectories(repo.resolve("gateway/src/main/resources")).resolve("logging.properties");
        Files.copy(Path.of("src/main/resources/logging.properties"), logging);
        // Older than the last build, or the launcher would think the sources changed and build.
        Files.setLastModifiedTime(logging, FileTime.fromMillis(0));
        Files.setLastModifiedTime(logging.getParent(), FileTime.fromMillis(0));
        Path stamp = Files.createFile(Files.createDirectories(repo.resolve("target")).resolve("polyface-build.stamp"));
        Files.setLastModifiedTime(stamp, FileTime.fromMillis(1000));
        user = Files.createDirectories(work.resolve("somewhere-else"));
    }

    @Test
    void relativePathsAreTheUsersNotTheRepositorys() throws Exception {
        Files.createDirectories(user.resolve("cfg"));
        Files.writeString(user.resolve("cfg/x.yaml"), "server:\n  port: 9002\n");

        Ran found = polyface("config", "check", "cfg/x.yaml");
        Ran missing = polyface("config", "check", "cfg/nothing.yaml");

        assertThat(found.code()).as(found.err()).isZero();
        assertThat(found.out()).startsWith("cfg/x.yaml: valid.").contains("main port 9002");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("polyface: cannot start: The configuration file cfg/nothing.yaml cannot be read.\n");
    }

    @Test
    void theJvmsIncubatorWarningDoesNotReachTheUser() throws Exception {
        Ran serveHelp = polyface("serve", "--help");
        Ran migrateHelp = polyface("migrate", "--help");
        Ran version = polyface("--version");

        assertThat(serveHelp.code()).isZero();
        assertThat(serveHelp.out()).startsWith("Usage: polyface serve");
        assertThat(serveHelp.err()).isEmpty();
        assertThat(migrateHelp.out()).startsWith("Usage: polyface migrate");
        assertThat(migrateHelp.err()).isEmpty();
        assertThat(version.out()).startsWith("polyface ");
        // What the launcher hides: the JVM says it whenever the module is on its command line.
        Ran bare = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-version"));
        assertThat(bare.err()).contains(INCUBATOR_WARNING);
    }

    @Test
    void aChangedSourceIsBuiltOnceNotAtEveryCommand() throws Exception {
        Path repo = launcher.getParent();
        // A stand-in for the Maven wrapper that only counts its runs; the jars stay as they were,
        // as Maven leaves those of modules that did not change.
        Path wrapper = Files.writeString(repo.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$*\" >> \"$(dirname \"$0\")/builds.log\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        Files.writeString(Files.createDirectories(repo.resolve("conformance-tests/src/main/java")).resolve("Suite.java"), "class Suite {}\n");

        Ran first = polyface("--version");
        Ran second = polyface("--version");

        assertThat(first.err()).startsWith("polyface: building what changed since the last build...");
        assertThat(first.out()).startsWith("polyface ");
        assertThat(Files.readAllLines(repo.resolve("builds.log"))).singleElement().asString().contains("install");
        assertThat(second.err()).as("nothing changed since the first build").isEmpty();
        assertThat(second.out()).startsWith("polyface ");
    }

    /** The module's classes as the jar the build would make. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private Ran polyface(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Ran run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(user.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Ran(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
