package io.polyface.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.gateway.InProcessGateway;
import io.polyface.gateway.UserDirectoryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples, taken from the README itself and run as a reader would run them: the
 * tour's shell blocks with bash and curl against a running gateway, the configuration block through
 * {@code config check}, the misconfiguration example through {@code serve}. An edit that breaks an
 * example breaks this test.
 */
class ReadmeExamplesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    /** The address the README's examples use; the test's gateway listens on a free port instead. */
    private static final String README_ADDRESS = "http://127.0.0.1:8080";

    private static InProcessGateway gateway;

    @TempDir
    Path user;

    @RegisterExtension
    final UserDirectoryExtension userDirectory = new UserDirectoryExtension(() -> user);

    /** A fenced block of the README: its language tag and its text. */
    record Block(String language, String text) {
    }

    @BeforeAll
    static void startGateway() {
        gateway = InProcessGateway.start("readme-examples");
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void theDmaiTourFindsTheSamePersonAsTheReadmeSays() throws Exception {
        List<Block> tour = blocks(section("A 5-minute tour"), "bash");
        Block dmai = only(tour, "/dmai/");

        String out = runBash(dmai.text());

        assertThat(out).contains("\"err_code\":0");
        assertThat(out).doesNotContainPattern("\"err_code\":[1-9]");
        Matcher search = Pattern.compile("\\{\"err_code\":0,\"status\":\\[\\{\"result\":\"(\\w+)\",\"score\":([0-9.]+)\\},"
                + "\\{\"result\":\"(\\w+)\",\"score\":([0-9.]+)\\}]}").matcher(out);
        assertThat(search.find()).as("a two-result search answer in:\n%s", out).isTrue();
        assertThat(search.group(1)).isEqualTo("obama");
        assertThat(search.group(3)).isEqualTo("biden");
        assertThat(Double.parseDouble(search.group(2))).isGreaterThan(0.5);
        assertThat(Double.parseDouble(search.group(4))).isLessThan(0.5);
        assertThat(section("A 5-minute tour")).as("the README quotes the answer %s", search.group())
                .contains("{\"result\":\"obama\",\"score\":" + search.group(2).substring(0, 4))
                .contains("{\"result\":\"biden\",\"score\":" + search.group(4).substring(0, 4));
    }

    @Test
    void theQiniuTourFindsTheSamePersonAsTheReadmeSays() throws Exception {
        Block qiniu = only(blocks(section("A 5-minute tour"), "bash"), "/qiniu");

        String out = runBash(qiniu.text());

        String answer = out.substring(out.indexOf("{\"search_results\""));
        assertThat(answer).as("the search answer").contains("\"id\":\"obama-1\"").doesNotContain("\"id\":\"biden-1\"");
        Matcher score = Pattern.compile("\"id\":\"obama-1\"[^}]*?\"score\":([0-9.]+)|\"score\":([0-9.]+)[^}]*?\"id\":\"obama-1\"")
                .matcher(answer);
        assertThat(score.find()).as(answer).isTrue();
        String value = score.group(1) != null ? score.group(1) : score.group(2);
        assertThat(section("A 5-minute tour")).as("the README quotes the answer %s", answer)
                .contains("finds `obama-1` at " + value.substring(0, 4));
    }

    @Test
    void theConfigurationBlockIsValidAsWritten() throws Exception {
        Block yaml = only(blocks(section("Configuration"), "yaml"), "host:");
        Files.writeString(user.resolve("polyface.yaml"), yaml.text());

        CliTest.Ran checked = CliTest.run("config", "check", "polyface.yaml");

        assertThat(checked.code()).as(checked.err()).isZero();
        assertThat(checked.out()).startsWith("polyface.yaml: valid.");
    }

    @Test
    void theMisconfigurationExampleAnswersWhatTheReadmeShows() throws Exception {
        Block example = blocks(section("Configuration"), "").stream()
                .filter(b -> b.text().startsWith("$ ./polyface serve --config cfg/x.yaml")).findFirst().orElseThrow();
        Block file = only(blocks(section("Configuration"), "yaml"), "prot:");
        Files.createDirectories(user.resolve("cfg"));
        Files.writeString(user.resolve("cfg/x.yaml"), file.text());

        CliTest.Ran served = CliTest.run("serve", "--config", "cfg/x.yaml");

        String shown = example.text().substring(example.text().indexOf('\n') + 1);
        assertThat(served.code()).isNotZero();
        assertThat(served.err()).isEqualTo(shown);
    }

    /** Runs a README block with bash from the repository's root, pointed at the test's gateway. */
    private static String runBash(String script) throws IOException, InterruptedException {
        String pointed = script.replace(README_ADDRESS, gateway.gateway().baseUri().toString());
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", pointed)
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .start();
        bash.getOutputStream().close();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the block finished").isTrue();
        assertThat(bash.exitValue()).as("bash's exit status; it printed:\n%s", out).isZero();
        return out;
    }

    /** The README's text from the heading {@code ## name} to the next second-level heading. */
    private static String section(String name) throws IOException {
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        int start = readme.indexOf("\n## " + name + "\n");
        assertThat(start).as("README has a section '%s'", name).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<Block> blocks(String text, String language) {
        List<Block> found = new ArrayList<>();
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            if (fence.group(1).equals(language)) {
                found.add(new Block(fence.group(1), fence.group(2)));
            }
        }
        assertThat(found).as("%s blocks", language.isEmpty() ? "plain" : language).isNotEmpty();
        return found;
    }

    private static Block only(List<Block> blocks, String containing) {
        List<Block> matching = blocks.stream().filter(b -> b.text().contains(containing)).toList();
        assertThat(matching).as("blocks naming %s", containing).hasSize(1);
        return matching.getFirst();
    }
}
