package io.polyface.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.gateway.UserDirectoryExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: exit codes, --help everywhere, paths from their own directory. */
class CliTest {
    @TempDir
    Path user;

    @RegisterExtension
    final UserDirectoryExtension userDirectory = new UserDirectoryExtension(() -> user);

    /** What a command printed and how it ended. */
    record Ran(int code, String out, String err) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "migrate", "journal", "config", "config check", "config show", "config reference"})
    void everyCommandAnswersHelpAndVersion(String command) {
        List<String> words = command.isEmpty() ? List.of() : List.of(command.split(" "));

        Ran help = run(concat(words, "--help"));
        Ran version = run(concat(words, "--version"));

        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: polyface" + (command.isEmpty() ? "" : " " + command)).contains("--help");
        assertThat(help.err()).isEmpty();
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("polyface ").contains("(Java ");
    }

    @Test
    void theCommandLinePageShowsEachCommandsHelpAsItIs() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "cli.md"), StandardCharsets.UTF_8);

        for (String command : List.of("", "serve", "migrate", "journal", "config")) {
            String shown = "$ ./polyface " + (command.isEmpty() ? "" : command + " ") + "--help\n"
                    + run(concat(command.isEmpty() ? List.of() : List.of(command), "--help")).out();
            assertThat(page).as("docs/cli.md's copy of 'polyface " + command + " --help'").contains(shown);
        }
    }

    @Test
    void usageErrorsExitWithTwoAndTheCommandsUsage() {
        Ran badPort = run("serve", "--port", "70000");
        Ran notANumber = run("serve", "--port", "http");
        Ran unknown = run("serve", "--verbose", "yes");
        Ran noValue = run("serve", "--data");
        Ran sameEngine = run("migrate", "--from", "a", "--to", "a", "--tenant", "t");
        Ran missing = run("migrate", "--to", "b", "--tenant", "t");

        assertThat(List.of(badPort, notANumber, unknown, noValue, sameEngine, missing)).allSatisfy(ran -> {
            assertThat(ran.code()).isEqualTo(2);
            assertThat(ran.err()).startsWith("polyface: ").contains("Usage: polyface ").contains("--help' for more.");
        });
        assertThat(badPort.err()).contains("--port must be 0..65535, not 70000.");
        assertThat(notANumber.err()).contains("'http' is not an int");
        assertThat(unknown.err()).contains("Unknown options: '--verbose', 'yes'");
        assertThat(noValue.err()).contains("Missing required parameter for option '--data'");
        assertThat(sameEngine.err()).contains("--from and --to name the same engine.");
        assertThat(missing.err()).contains("Missing required option: '--from=ENGINE'");
    }

    @Test
    void pathsAreRelativeToTheUsersDirectory() throws Exception {
        Files.createDirectories(user.resolve("cfg"));
        Files.writeString(user.resolve("cfg/x.yaml"), "server:\n  port: 9001\n");

        Ran checked = run("config", "check", "cfg/x.yaml");

        assertThat(checked.code()).as(checked.err()).isZero();
        assertThat(checked.out()).startsWith("cfg" + java.io.File.separator + "x.yaml: valid.").contains("main port 9001");
        assertThat(run("config", "check", "cfg/missing.yaml").err())
                .isEqualTo("polyface: cannot start: The configuration file cfg/missing.yaml cannot be read.\n");
    }

    @Test
    void configCheckNamesEachProblemWithItsLine() throws Exception {
        Files.writeString(user.resolve("x.yaml"), """
                server:
                  prot: 9000
                dialects:
                  dmai:
                    max-colections: 10
                routes:
                  - {dialect: dmai, engine: nowhere}
                """);

        Ran checked = run("config", "check", "x.yaml");

        assertThat(checked.code()).isEqualTo(1);
        assertThat(checked.out()).isEqualTo("""
                x.yaml line 2: server.prot is not a known key (did you mean port?)
                x.yaml line 5: dialects.dmai.max-colections is not a known key (did you mean max-collections?)
                """);
    }

    @Test
    void configCheckAlsoFindsRoutesToEnginesThatDoNotExist() throws Exception {
        Files.writeString(user.resolve("x.yaml"), "routes:\n  - {dialect: dmai, engine: nowhere}\n");

        Ran checked = run("config", "check", "x.yaml");

        assertThat(checked.code()).isEqualTo(1);
        assertThat(checked.out()).isEqualTo("routes[0].engine names engine 'nowhere', but the engines running are [local].\n");
    }

    @Test
    void configShowPrintsTheConfigurationInForceWithSecretsMasked() throws Exception {
        Files.writeString(user.resolve("x.yaml"), """
                admin:
                  token: a-long-admin-token-1234
                dialects:
                  qiniu:
                    keys:
                      - {access-key: AK1, secret-key: very-secret-sk}
                  sensetime:
                    accounts:
                      - {api-id: me, api-secret: hush-hush}
                engines:
                  local:
                    type: local
                    mongodb-uri: mongodb://app:pa55word@db1:27017,db2:27017/faces?replicaSet=rs0
                  backup:
                    type: remote
                    connector: polyface
                    base-url: http://10.0.0.2:8080
                    token: another-long-token-5678
                """);

        Ran shown = run("config", "show", "--config", "x.yaml", "--port", "9100");

        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out())
                .startsWith("# The configuration in force: x.yaml over the defaults; secrets masked.\n")
                .contains("  port: 9100\n")
                .contains("    max-collections: 30\n")
                .contains("access-key: AK1", "secret-key: '********'", "api-id: me", "api-secret: '********'",
                        "token: '********'", "mongodb-uri: \"mongodb://********@db1:27017,db2:27017/faces?replicaSet=rs0\"",
                        "data-dir: " + user.resolve("data"))
                .doesNotContain("very-secret-sk", "hush-hush", "pa55word", "a-long-admin-token", "another-long-token");
    }

    @Test
    void aListenerThatCannotStartStopsStartUpWithItsReason() throws Exception {
        Files.writeString(user.resolve("x.yaml"), "engines:\n  local:\n    type: fake\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            Ran main = run("serve", "--config", "x.yaml", "--data", "d1", "--port", Integer.toString(port));
            Files.writeString(user.resolve("y.yaml"), "engines:\n  local:\n    type: fake\ndialects:\n  dmai:\n    port: " + port + "\n");
            Ran own = run("serve", "--config", "y.yaml", "--data", "d2", "--port", "0");

            assertThat(main.code()).isEqualTo(1);
            assertThat(main.err()).isEqualTo("polyface: cannot start: cannot listen on 127.0.0.1:" + port
                    + " (server.port): Address already in use.\n");
            assertThat(own.code()).isEqualTo(1);
            assertThat(own.err()).isEqualTo("polyface: cannot start: cannot listen on 127.0.0.1:" + port
                    + " (dialects.dmai.port): Address already in use.\n");
        }
    }

    private static String[] concat(List<String> words, String last) {
        return java.util.stream.Stream.concat(words.stream(), java.util.stream.Stream.of(last)).toArray(String[]::new);
    }

    static Ran run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
